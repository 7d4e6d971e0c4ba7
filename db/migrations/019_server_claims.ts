import { sql, type Kysely } from 'kysely';

/**
 * The server a session last asked to take it, written before the ask. A matcher's claim is a local activity: a
 * worker killed after the server said yes but before the matcher's task completed loses the answer, and the
 * server's own row may not say `consumed` yet (its workflow writes it in a task of its own). The matcher finds the
 * ask here and asks that server again, which answers the same, instead of taking a second server for the session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_claims')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('server_name', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('server_claims_pk', ['project_id', 'session_id'])
    .execute();
  await db.schema.createIndex('server_claims_by_time').on('server_claims').column('claimed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_claims').execute();
}
