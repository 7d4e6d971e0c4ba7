import { createHash } from 'node:crypto';

/**
 * What a game backend does to get a Versus session (COMPAT.md §4), with nothing but fetch and SHA-1:
 * ask for a seed (the answer is a 401 carrying it), hash `{"uuid","secret_key","seed"}` exactly as JSON, activate
 * the token with PUT, then send it with every verification until it expires.
 */
export interface VersusGame {
  baseUrl: string;
  gameUuid: string;
  developerUuid: string;
  apiSecret: string;
}

export interface VersusSession {
  token: string;
  expires: string;
}

/** The token for a seed: SHA-1, lowercase hex, of the JSON with exactly this key order and no spaces. */
export function tokenForSeed(gameUuid: string, apiSecret: string, seed: string): string {
  return createHash('sha1').update(JSON.stringify({ uuid: gameUuid, secret_key: apiSecret, seed })).digest('hex');
}

const sessionUrl = (g: VersusGame, query = '') =>
  `${g.baseUrl}/api/v2/games/${encodeURIComponent(g.gameUuid)}/session?developer_uuid=${encodeURIComponent(g.developerUuid)}${query}`;

export async function requestSeed(g: VersusGame): Promise<string> {
  const res = await fetch(sessionUrl(g));
  const body = (await res.json()) as { session?: { seed?: string }; error?: string };
  if (res.status !== 401 || !body.session?.seed) throw new Error(`expected a seed, got ${res.status} ${JSON.stringify(body)}`);
  return body.session.seed;
}

export async function activate(g: VersusGame, token: string): Promise<VersusSession> {
  const res = await fetch(`${g.baseUrl}/api/v2/games/${encodeURIComponent(g.gameUuid)}/session`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ developer_uuid: g.developerUuid, token }),
  });
  const body = (await res.json()) as { session?: { expires: string }; error?: string };
  if (res.status !== 200 || !body.session) throw new Error(`activation refused: ${res.status} ${body.error ?? ''}`);
  return { token, expires: body.session.expires };
}

/** true while the session is active; a 401 (with a fresh seed) means: do the handshake again. */
export async function verify(g: VersusGame, token: string): Promise<boolean> {
  const res = await fetch(sessionUrl(g, `&token=${encodeURIComponent(token)}`));
  await res.body?.cancel();
  return res.status === 200;
}

/** The whole handshake: seed, hash, activate. */
export async function handshake(g: VersusGame): Promise<VersusSession> {
  const seed = await requestSeed(g);
  return activate(g, tokenForSeed(g.gameUuid, g.apiSecret, seed));
}

/** `npm run --silent versus -- <baseUrl> <gameUuid> <developerUuid> <apiSecret>`: runs the handshake and prints it. */
async function main(): Promise<void> {
  const [baseUrl, gameUuid, developerUuid, apiSecret] = process.argv.slice(2);
  if (!baseUrl || !gameUuid || !developerUuid || !apiSecret) {
    process.stderr.write('usage: npm run --silent versus -- <baseUrl> <gameUuid> <developerUuid> <apiSecret>\n');
    process.exit(2);
  }
  const game = { baseUrl, gameUuid, developerUuid, apiSecret };
  const seed = await requestSeed(game);
  const token = tokenForSeed(gameUuid, apiSecret, seed);
  const session = await activate(game, token);
  process.stdout.write(`${JSON.stringify({ seed, token, expires: session.expires, verified: await verify(game, token) })}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
