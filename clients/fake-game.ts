import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import express, { type Request } from 'express';
import { importSPKI, jwtVerify, type CryptoKey } from 'jose';

/**
 * A partner game's backend for paid matches, small enough to read and run: `npm run fake-game -- developer-config.json`.
 * It receives Matchflow's `PUT`/`DELETE {match-info-url}`, verifies each RS256 bearer with the key published at
 * `public_key_url` (audience: the game's client id, `match_id` the body's), logs one JSON line per call, and answers
 * 200, as a game that accepts every match would. What a real game adds: start its match, then report the result
 * (`POST /api/game/v1/finish` with an access token from `token_url`).
 */

export interface DeveloperConfig {
  okletsplay_url: string;
  authentication: { client_id: string; client_secret: string; public_key_url: string; token_url: string };
}

export interface MatchInfoCall {
  method: 'PUT' | 'DELETE';
  matchId?: string;
  /** The bearer checked out: signed by the published key, for this game and this match. */
  verified: boolean;
  /** Why it did not, when it did not. */
  refusal?: string;
  idempotencyKey?: string;
  body: unknown;
}

export interface FakeGame {
  url: string;
  matchInfoUrl: string;
  calls: MatchInfoCall[];
  close(): Promise<void>;
}

export async function startFakeGame(config: DeveloperConfig, port: number, onCall: (call: MatchInfoCall) => void = () => {}): Promise<FakeGame> {
  const calls: MatchInfoCall[] = [];
  const verify = bearerVerifier(config);
  const app = express();
  app.use(express.json());
  const receive = (method: MatchInfoCall['method']) => async (req: Request, res: express.Response) => {
    const matchId = typeof req.body?.match_id === 'string' ? req.body.match_id : undefined;
    const refusal = await verify(req.get('authorization'), matchId);
    const call: MatchInfoCall = { method, matchId, verified: !refusal, refusal, idempotencyKey: req.get('idempotency-key'), body: req.body };
    calls.push(call);
    onCall(call);
    // A game refuses a call it cannot trust: the platform aborts the match and refunds.
    if (refusal) return void res.status(401).json({ error: refusal });
    res.json({ ok: true });
  };
  app.put('/okletsplay/match-info', receive('PUT'));
  app.delete('/okletsplay/match-info', receive('DELETE'));
  app.get('/okletsplay/calls', (_req, res) => void res.json(calls));
  app.get('/health', (_req, res) => void res.json({ ok: true }));
  const server = await listen(app, port);
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return { url, matchInfoUrl: `${url}/okletsplay/match-info`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What a game does with each call: fetch the platform's public key once, then check signature, audience and match. */
export function bearerVerifier(config: DeveloperConfig): (authorization: string | undefined, matchId: string | undefined) => Promise<string | undefined> {
  let key: Promise<CryptoKey> | undefined;
  const publicKey = () => (key ??= fetchPublicKey(config.authentication.public_key_url).catch((err: unknown) => {
    key = undefined; // fetched again on the next call
    throw err;
  }));
  return async (authorization, matchId) => {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return 'no bearer token';
    try {
      const { payload } = await jwtVerify(token, await publicKey(), { algorithms: ['RS256'], audience: config.authentication.client_id });
      return payload.match_id === matchId ? undefined : 'the token is for another match';
    } catch (err) {
      return `the token does not verify: ${err instanceof Error ? err.message : String(err)}`;
    }
  };
}

/** The realm answers `{public_key}`: base64 DER (SPKI), as Keycloak publishes it. */
async function fetchPublicKey(url: string): Promise<CryptoKey> {
  const realm = (await (await fetch(url)).json()) as { public_key: string };
  return importSPKI(`-----BEGIN PUBLIC KEY-----\n${realm.public_key}\n-----END PUBLIC KEY-----`, 'RS256');
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
    server.once('error', reject);
  });
}

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  if (!file) throw new Error('usage: npm run fake-game -- <developer-config.json>   (port: FAKE_GAME_PORT, default 9090)');
  const config = JSON.parse(readFileSync(file, 'utf8')) as DeveloperConfig;
  const log = (event: object) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  const game = await startFakeGame(config, Number(process.env.FAKE_GAME_PORT ?? 9090), (call) => log({ event: 'match-info', ...call }));
  log({ event: 'listening', matchInfoUrl: game.matchInfoUrl, clientId: config.authentication.client_id });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void game.close().then(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
