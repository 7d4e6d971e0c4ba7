import { failure, matchflowClient, type MatchflowClient } from '../matchflow-client';
import type { DeveloperConfig } from '../fake-game';

/**
 * A partner game's backend for paid matches through the typed client: it logs in with its developer-config.json's
 * client credentials (OAuth2, form-encoded, as the realm expects), then checks a player's match token and reports
 * the match's scores. The access token is fetched again once it is about to expire.
 */
export function gameBackend(config: DeveloperConfig): MatchflowClient {
  let token: { value: string; until: number } | undefined;
  const realm = matchflowClient(config.okletsplay_url);
  const realmName = /\/auth\/realms\/([^/]+)/.exec(config.authentication.token_url)?.[1];
  if (!realmName) throw new Error(`token_url ${config.authentication.token_url} names no realm (/auth/realms/{realm}/...)`);
  const accessToken = async () => {
    if (token && token.until > Date.now()) return token.value;
    const { client_id, client_secret } = config.authentication;
    const answer = await realm.POST('/auth/realms/{realm}/protocol/openid-connect/token', {
      params: { path: { realm: realmName } },
      body: { grant_type: 'client_credentials', client_id, client_secret },
      bodySerializer: (form) => new URLSearchParams(form as Record<string, string>).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (!answer.data) throw failure('log in at the realm', answer);
    token = { value: answer.data.access_token, until: Date.now() + (answer.data.expires_in - 10) * 1000 };
    return token.value;
  };
  return matchflowClient(config.okletsplay_url, { bearer: accessToken });
}

/** What the game does when a player opens it with `?token=`: who they are, in which match, and its result when done. */
export async function reportScores(game: MatchflowClient, matchToken: string, scores: Record<string, number>) {
  const info = await game.POST('/api/game/v1/token-info', { body: { token: matchToken } });
  if (!info.data) throw failure('check the match token', info);
  const participants = Object.entries(scores).map(([id, score]) => ({ id, score }));
  const finished = await game.POST('/api/game/v1/finish', { body: { match_id: info.data.match_id, participants } });
  if (!finished.data) throw failure('report the scores', finished);
  return { player: info.data, result: finished.data };
}
