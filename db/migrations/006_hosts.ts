import { sql, type Kysely } from 'kysely';

/** The host list read model the host workflows keep current (filtered, distance-sorted, paged on read). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hosts')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('owner_name', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('peer_info', 'jsonb', (c) => c.notNull())
    .addColumn('password_protected', 'boolean', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('is_private', 'boolean', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('max_players', 'integer', (c) => c.notNull())
    .addColumn('player_count', 'integer', (c) => c.notNull())
    .addColumn('online_since', 'timestamptz', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('country', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('hosts_pk', ['project_id', 'endpoint'])
    .execute();
  await db.schema.createIndex('hosts_listing').on('hosts').columns(['project_id', 'version', 'is_private']).execute();

  // Each player's one Padrone session: a new join ends the previous one, wherever it was.
  await db.schema
    .createTable('padrone_sessions')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('host_endpoint', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('padrone_sessions_pk', ['project_id', 'player_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('padrone_sessions').execute();
  await db.schema.dropTable('hosts').execute();
}
