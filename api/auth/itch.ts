import type { Project } from '../../domain/projects';
import { rejected, type AuthOutcome } from './identity';
import { providerJson, providerText } from './provider-http';

interface ItchUser {
  id: number;
  username?: string;
  display_name?: string;
  cover_url?: string;
}

/**
 * Verifies an itch.io JWT (handed to games by the itch app) or API key against the itch.io server API, then,
 * when the project names its game and server key, that the player owns the game (a download key exists).
 */
export async function verifyItch(project: Project, kind: 'jwt' | 'apiKey', credential: string, timeoutMs: number): Promise<AuthOutcome> {
  const base = project.itch.apiBaseUrl.replace(/\/+$/, '');
  const me = await itchGet(`${base}/api/1/${kind === 'jwt' ? 'jwt' : 'key'}/me`, timeoutMs, credential);
  const user = (me as { user?: ItchUser }).user;
  if (!user || typeof user.id !== 'number') return rejected('itch.io did not accept the credentials');

  const { serverKey, gameId } = project.itch;
  if (serverKey && gameId) {
    const owns = await itchGet(`${base}/api/1/${encodeURIComponent(serverKey)}/game/${gameId}/download_keys?user_id=${user.id}`, timeoutMs);
    if (!(owns as { download_key?: unknown }).download_key) return rejected('the itch.io account does not own this game');
  }
  return {
    ok: true,
    identity: { backend: 'itch', externalId: String(user.id), name: providerText(user.display_name || user.username), pictureUrl: providerText(user.cover_url, 2048) },
  };
}

/** itch.io answers API errors as 200/4xx with `{errors: [...]}`; only a network failure or 5xx is its fault. */
async function itchGet(url: string, timeoutMs: number, bearer?: string): Promise<unknown> {
  return (await providerJson('itch.io', url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }, timeoutMs)).body;
}
