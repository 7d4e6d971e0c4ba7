import { sql, type Kysely } from 'kysely';

/**
 * Pings land in the host's row, not its workflow: `last_ping` is when its owner last pinged (the workflow reads it
 * when its ping timeout comes, and stamps `checked_at`, so a row no workflow reads any more is told apart), `seats`
 * when each player joined (so the API can tell whether a ping's `connectedClients` lets someone go, the one case
 * the workflow must hear of). Null seats: written by an older worker. `x`, `y`, `z`: the host's place on the unit
 * sphere, which sorts the list by distance without trigonometry per host (domain/hosts/host-list.ts unitVector).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hosts').addColumn('last_ping', 'timestamptz').addColumn('checked_at', 'timestamptz').addColumn('seats', 'jsonb')
    .addColumn('x', 'float8').addColumn('y', 'float8').addColumn('z', 'float8').execute();
  await sql`UPDATE hosts SET x = cos(radians(lat)) * cos(radians(lon)), y = cos(radians(lat)) * sin(radians(lon)), z = sin(radians(lat))
    WHERE lat IS NOT NULL AND lon IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hosts').dropColumn('z').dropColumn('y').dropColumn('x').dropColumn('seats').dropColumn('checked_at').dropColumn('last_ping').execute();
}
