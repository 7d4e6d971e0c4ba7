import type { Kysely } from 'kysely';

/**
 * Pings land in the host's row, not its workflow: `last_ping` is when its owner last pinged (the workflow reads it
 * when its ping timeout comes, and stamps `checked_at`, so a row no workflow reads any more is told apart), `seats`
 * when each player joined (so the API can tell whether a ping's `connectedClients` lets someone go, the one case
 * the workflow must hear of). Null seats: written by an older worker.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hosts').addColumn('last_ping', 'timestamptz').addColumn('checked_at', 'timestamptz').addColumn('seats', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hosts').dropColumn('seats').dropColumn('checked_at').dropColumn('last_ping').execute();
}
