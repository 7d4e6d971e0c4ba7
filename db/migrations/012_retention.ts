import type { Kysely } from 'kysely';

/** What the retention job and the per-player host limit look rows up by. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('player_tickets_by_age').on('player_tickets').column('updated_at').execute();
  await db.schema.createIndex('servers_by_age').on('servers').columns(['state', 'updated_at']).execute();
  await db.schema.createIndex('hosts_by_owner').on('hosts').columns(['project_id', 'owner']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('hosts_by_owner').execute();
  await db.schema.dropIndex('servers_by_age').execute();
  await db.schema.dropIndex('player_tickets_by_age').execute();
}
