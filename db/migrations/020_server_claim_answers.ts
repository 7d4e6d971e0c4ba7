import type { Kysely } from 'kysely';

/**
 * The server's yes to a session's ask, written by the claim as soon as it hears it. A matcher that lost the answer
 * with its worker reads it here instead of asking again: by then the server may have posted its next offer, a new
 * run of its workflow that knows nothing of the first claim and would be taken a second time for the same session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('server_claims').addColumn('answer', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('server_claims').dropColumn('answer').execute();
}
