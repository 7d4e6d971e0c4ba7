import { sql, type Kysely } from 'kysely';

/**
 * `POST /v1a/client/match` with an Idempotency-Key: the first request's match token, so a retry answers the same
 * token and starts nothing new. Kept for IDEMPOTENCY_KEY_HOURS by the retention job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('match_requests')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('match_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('match_requests_pk', ['project_id', 'player_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('match_requests_by_age').on('match_requests').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('match_requests').execute();
}
