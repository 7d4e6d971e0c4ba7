import { sql, type Kysely } from 'kysely';

/**
 * What the retention job looks rows up by, and the hosts each player holds: a claim taken before the host's
 * workflow is asked (so parallel registrations cannot all pass the per-player limit), given back when it ends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('player_tickets_by_age').on('player_tickets').column('updated_at').execute();
  await db.schema.createIndex('servers_by_age').on('servers').columns(['state', 'updated_at']).execute();
  await db.schema
    .createTable('host_claims')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('host_claims_pk', ['project_id', 'endpoint'])
    .execute();
  await db.schema.createIndex('host_claims_by_owner').on('host_claims').columns(['project_id', 'owner']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('host_claims').execute();
  await db.schema.dropIndex('servers_by_age').execute();
  await db.schema.dropIndex('player_tickets_by_age').execute();
}
