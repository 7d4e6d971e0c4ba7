import { sql, type Kysely } from 'kysely';

/**
 * What the metrics read at scrape time, by index. `queued_tickets`: the tickets in line, with their bucket (which
 * nothing else in the database knows), written when a ticket joins its queue and deleted where its verdict is
 * recorded; so queue depth is one grouped index scan that every worker and API replica sees alike, and the delete
 * answers when the ticket joined (its time to match). `sessions_live`: the sessions being played, by project,
 * without scanning the ended ones retention keeps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queued_tickets')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('queued_tickets_by_bucket').on('queued_tickets').columns(['project_id', 'bucket']).execute();
  await db.schema.createIndex('queued_tickets_by_age').on('queued_tickets').column('queued_at').execute();
  await db.schema.createIndex('sessions_live').on('sessions').column('project_id').where(sql.ref('state'), '=', 'live').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_live').execute();
  await db.schema.dropTable('queued_tickets').execute();
}
