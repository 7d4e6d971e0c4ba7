import { sql, type Kysely } from 'kysely';

/** Read models and records of matchmaking: servers on offer, sessions, player ratings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('grouping_rule', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"kind":"arrival"}'::jsonb`))
    .execute();

  await db.schema
    .createTable('servers')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('server_tag', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addPrimaryKeyConstraint('servers_pk', ['project_id', 'name'])
    .execute();
  await db.schema.createIndex('servers_available').on('servers').columns(['project_id', 'server_tag', 'state', 'registered_at']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('server_name', 'text')
    .addColumn('match_tag', 'text')
    .addColumn('server_tag', 'text')
    .addColumn('teams', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result_status', 'text')
    .addColumn('ranks', 'jsonb')
    .addColumn('decided_by', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_by_server').on('sessions').columns(['project_id', 'server_name', 'state']).execute();

  await db.schema
    .createTable('ratings')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('rating', 'double precision', (c) => c.notNull())
    .addColumn('deviation', 'double precision', (c) => c.notNull())
    .addColumn('volatility', 'double precision', (c) => c.notNull())
    .addColumn('games', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('ratings_pk', ['project_id', 'player_id'])
    .execute();
  await db.schema.createIndex('ratings_by_rating').on('ratings').columns(['project_id', 'rating']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ratings').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('servers').execute();
  await db.schema.alterTable('projects').dropColumn('grouping_rule').execute();
}
