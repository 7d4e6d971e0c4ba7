import { tokenForSeed, type VersusGame, type VersusSession } from '../versus-handshake';
import { failure, matchflowClient } from '../matchflow-client';

/**
 * A game backend's Versus session through the typed client: a seed (Versus answers it with a 401), the token
 * hashed from it, activated with PUT, then verified with GET. Answers the token and when it expires.
 */
export async function versusSession(game: VersusGame): Promise<VersusSession> {
  const versus = matchflowClient(game.baseUrl);
  const path = { params: { path: { game_uuid: game.gameUuid }, query: { developer_uuid: game.developerUuid } } };
  const seeded = await versus.GET('/api/v2/games/{game_uuid}/session', path);
  const seed = (seeded.error as { session?: { seed?: string } } | undefined)?.session?.seed;
  if (!seed) throw failure('ask for a seed', seeded);

  const token = tokenForSeed(game.gameUuid, game.apiSecret, seed);
  const activated = await versus.PUT('/api/v2/games/{game_uuid}/session', { params: { path: { game_uuid: game.gameUuid } }, body: { developer_uuid: game.developerUuid, token } });
  if (!activated.data) throw failure('activate the token', activated);

  const verified = await versus.GET('/api/v2/games/{game_uuid}/session', { params: { path: { game_uuid: game.gameUuid }, query: { developer_uuid: game.developerUuid, token } } });
  if (!verified.data) throw failure('verify the token', verified);
  return { token, expires: verified.data.session.expires };
}
