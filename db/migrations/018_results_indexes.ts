import { sql, type Kysely } from 'kysely';

/**
 * What leaderboards and sessions by period read, by index:
 * - `ratings_by_rating_player` orders the leaderboard (rating, then player id, so that ties page stably) and finds the
 *   players just above and below one by keyset; it counts "rated higher" as `ratings_by_rating` did, which it replaces.
 * - `sessions_by_state_end`: sessions of one state (disputed, abandoned) by period, without reading the settled ones.
 * - `sessions_live`: live sessions newest first; a small partial index, since sessions are live only for a while.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('ratings_by_rating_player').on('ratings').columns(['project_id', 'rating', 'player_id']).execute();
  await db.schema.dropIndex('ratings_by_rating').execute();
  await db.schema.createIndex('sessions_by_state_end').on('sessions').columns(['project_id', 'state', 'ended_at desc', 'id desc']).execute();
  await db.schema.createIndex('sessions_live').on('sessions').columns(['project_id', 'started_at desc', 'id desc']).where(sql.ref('state'), '=', 'live').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_live').execute();
  await db.schema.dropIndex('sessions_by_state_end').execute();
  await db.schema.createIndex('ratings_by_rating').on('ratings').columns(['project_id', 'rating']).execute();
  await db.schema.dropIndex('ratings_by_rating_player').execute();
}
