import { sql, type Kysely } from 'kysely';

/**
 * One row per player per ended session: who played whom, their team and place, and the rating before and after
 * (null when the session moved no ratings: disputed, abandoned, cancelled). Written in the settlement's own
 * transaction, it is what a player's result history, the leaderboard's "history" and session webhooks read,
 * by index, never by scanning sessions' JSON teams. Like ratings, it outlives the sessions retention prunes. `sessions_by_project_end` serves results by period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('session_players')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('team', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rating_before', 'double precision')
    .addColumn('rating_after', 'double precision')
    .addColumn('ended_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_players_pk', ['session_id', 'player_id'])
    .execute();
  await db.schema.createIndex('session_players_by_player').on('session_players').columns(['project_id', 'player_id', 'ended_at desc']).execute();
  await db.schema.createIndex('sessions_by_project_end').on('sessions').columns(['project_id', 'ended_at desc']).execute();
  await db.schema.createIndex('sessions_by_start').on('sessions').columns(['project_id', 'started_at desc']).execute();
  // Sessions that ended before this table existed keep their places; their rating changes were never kept.
  await sql`
    insert into session_players (project_id, session_id, player_id, team, rank, state, ended_at)
    select s.project_id, s.id, m.value->>'playerId', t.ordinality - 1,
           case when s.ranks is null then null else (s.ranks->>(t.ordinality::int - 1))::int end, s.state, s.ended_at
      from sessions s
      cross join lateral jsonb_array_elements(s.teams) with ordinality as t(team, ordinality)
      cross join lateral jsonb_array_elements(t.team) as m(value)
     where s.ended_at is not null
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_by_start').execute();
  await db.schema.dropIndex('sessions_by_project_end').execute();
  await db.schema.dropTable('session_players').execute();
}
