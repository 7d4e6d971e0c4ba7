import type { PadronePlayer } from '../../domain/hosts/logins';
import type { Project } from '../../domain/projects';
import { safeEqual } from '../../domain/secrets';
import { verifyPassword } from '../../domain/hosts/passwords';
import { verifyItch } from '../auth/itch';
import { providerJson, providerText } from '../auth/provider-http';

/** undefined: the provider said no (403); a provider that does not answer throws (503). */
export type Verdict = Promise<PadronePlayer | undefined>;

/**
 * Steam: the hex auth session ticket goes to ISteamUserAuth/AuthenticateUserTicket; the game must be owned
 * (ISteamUser/CheckAppOwnership); name and avatar come from ISteamUser/GetPlayerSummaries.
 */
export async function verifySteam(project: Project, ticketHex: string, timeoutMs: number): Verdict {
  const steam = project.padrone.steam;
  const appId = project.steam.appId;
  if (!steam || !appId || !/^[0-9a-fA-F]+$/.test(ticketHex)) return undefined;
  const base = steam.apiBaseUrl.replace(/\/+$/, '');
  const q = (params: Record<string, string>) => new URLSearchParams({ key: steam.webApiKey, ...params }).toString();
  const auth = await providerJson('Steam', `${base}/ISteamUserAuth/AuthenticateUserTicket/v1/?${q({ appid: String(appId), ticket: ticketHex })}`, {}, timeoutMs);
  const params = auth.body?.response?.params;
  if (params?.result !== 'OK' || typeof params.steamid !== 'string' || !/^\d{1,20}$/.test(params.steamid)) return undefined;
  const owns = await providerJson('Steam', `${base}/ISteamUser/CheckAppOwnership/v2/?${q({ steamid: params.steamid, appid: String(appId) })}`, {}, timeoutMs);
  if (owns.body?.appownership?.ownsapp !== true) return undefined;
  const summaries = await providerJson('Steam', `${base}/ISteamUser/GetPlayerSummaries/v2/?${q({ steamids: params.steamid })}`, {}, timeoutMs);
  const me = summaries.body?.response?.players?.[0];
  return { playerId: `steam:${params.steamid}`, name: providerText(me?.personaname), avatarUrl: providerText(me?.avatarfull, 2048), isAdmin: false };
}

/** itch.io API key: the same check as /v1a (key/me, then a download key for the game when configured). */
export async function verifyItchApiKey(project: Project, key: string, timeoutMs: number): Verdict {
  const outcome = await verifyItch(project, 'apiKey', key, timeoutMs);
  return outcome.ok ? { playerId: `itch:${outcome.identity.externalId}`, name: outcome.identity.name, avatarUrl: outcome.identity.pictureUrl, isAdmin: false } : undefined;
}

/** itch.io download key: the game's download_keys lookup proves ownership and names the owner. */
export async function verifyItchDownloadKey(project: Project, downloadKey: string, timeoutMs: number): Verdict {
  const { serverKey, gameId, apiBaseUrl } = project.itch;
  if (!serverKey || !gameId) return undefined;
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/api/1/${encodeURIComponent(serverKey)}/game/${gameId}/download_keys?download_key=${encodeURIComponent(downloadKey)}`;
  const owner = (await providerJson('itch.io', url, {}, timeoutMs)).body?.download_key?.owner;
  if (!owner || typeof owner.id !== 'number') return undefined;
  return { playerId: `itch:${owner.id}`, name: providerText(owner.display_name || owner.username), avatarUrl: providerText(owner.cover_url, 2048), isAdmin: false };
}

/** Oculus: `userId,nonce` checked by POST /user_nonce_validate with the app's access token. */
export async function verifyOculus(project: Project, credentials: string, timeoutMs: number): Verdict {
  const oculus = project.padrone.oculus;
  const [userId, nonce] = credentials.split(',');
  if (!oculus || !userId || !nonce || !/^\d+$/.test(userId)) return undefined;
  const body = new URLSearchParams({ access_token: `OC|${oculus.appId}|${oculus.appSecret}`, nonce, user_id: userId });
  const res = await providerJson('Oculus', `${oculus.apiBaseUrl.replace(/\/+$/, '')}/user_nonce_validate`, { method: 'POST', body }, timeoutMs);
  return res.body?.is_valid === true ? { playerId: `oculus:${userId}`, isAdmin: false } : undefined;
}

/** `admin:<username>,<password>` against the project's hashed admin logins. */
export async function verifyAdmin(project: Project, credentials: string): Verdict {
  const comma = credentials.indexOf(',');
  if (comma <= 0) return undefined;
  const username = credentials.slice(0, comma);
  const admin = project.padrone.admins.find((a) => a.username === username);
  // Hash even for an unknown name, so timing does not tell which admin names exist.
  const ok = await verifyPassword(credentials.slice(comma + 1), admin?.passwordHash ?? UNKNOWN_ADMIN_HASH);
  return admin && ok ? { playerId: `admin:${username}`, name: username, isAdmin: true } : undefined;
}
const UNKNOWN_ADMIN_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Development only: `test:<testKey>,<playerNumber>` when the project has a test key. */
export async function verifyTest(project: Project, credentials: string): Verdict {
  const [key, number] = credentials.split(',');
  if (!project.testKey || !key || !number || !/^\d{1,9}$/.test(number) || !safeEqual(key, project.testKey)) return undefined;
  return { playerId: `test:${number}`, name: `Player ${number}`, isAdmin: false };
}
