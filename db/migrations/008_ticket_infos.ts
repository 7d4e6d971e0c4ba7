import { sql, type Kysely } from 'kysely';

/**
 * A ticket's `info` is stored once, by the ticket, instead of travelling through its matcher and being copied
 * into every teammate's status; a session keeps its server's info once. Indexes serve the retention job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticket_infos')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('info', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('ticket_infos_by_age').on('ticket_infos').column('created_at').execute();
  await db.schema.alterTable('sessions').addColumn('server_info', 'jsonb').execute();
  await db.schema.createIndex('ticket_statuses_by_age').on('ticket_statuses').column('answered_at').execute();
  await db.schema.createIndex('sessions_by_end').on('sessions').column('ended_at').execute();
  await db.schema.alterTable('servers').addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('servers').dropColumn('updated_at').execute();
  await db.schema.dropIndex('sessions_by_end').execute();
  await db.schema.dropIndex('ticket_statuses_by_age').execute();
  await db.schema.alterTable('sessions').dropColumn('server_info').execute();
  await db.schema.dropTable('ticket_infos').execute();
}
