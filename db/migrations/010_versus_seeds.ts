import type { Kysely } from 'kysely';

/**
 * Pending Versus seeds: an unauthenticated request writes one row here instead of starting a workflow; a
 * workflow exists only for a session the game activated (it proved it knows the secret). Keyed by a digest of
 * the token the game will compute, so no table or workflow id holds a usable token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('versus_seeds')
    .addColumn('token_digest', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('secret_fingerprint', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('versus_seeds_by_expiry').on('versus_seeds').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('versus_seeds').execute();
}
