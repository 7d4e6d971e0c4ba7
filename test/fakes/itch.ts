import type { Server } from 'node:http';
import express from 'express';

/**
 * A local itch.io speaking the server-side API Matchflow uses: `GET /api/1/jwt/me` and `/api/1/key/me` with
 * `Authorization: Bearer`, answering `{user}` or `{errors}`; `GET /api/1/{key}/game/{id}/download_keys?user_id=`
 * answering `{download_key}` or `{errors}`.
 */
export interface FakeItch {
  url: string;
  users: Map<string, { id: number; username: string; display_name?: string; cover_url?: string }>;
  owners: Set<number>;
  /** download key → its owner, for `?download_key=` look-ups */
  downloadKeys: Map<string, { id: number; username: string; display_name?: string; cover_url?: string }>;
  serverKey: string;
  gameId: string;
  /** When set, every endpoint answers this HTTP status with an error body. */
  failWith?: number;
  calls: string[];
  close(): Promise<void>;
}

export async function startFakeItch(): Promise<FakeItch> {
  const app = express();
  const fake = { users: new Map(), owners: new Set<number>(), downloadKeys: new Map(), serverKey: 'itch-server-key', gameId: '4242', calls: [] as string[] } as unknown as FakeItch;
  app.use((req, res, next) => {
    fake.calls.push(req.path);
    if (fake.failWith) return void res.status(fake.failWith).json({ errors: ['internal error'] });
    next();
  });
  const me: express.RequestHandler = (req, res) => {
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = key ? fake.users.get(key) : undefined;
    res.status(user ? 200 : 401).json(user ? { user } : { errors: ['invalid key'] });
  };
  app.get('/api/1/jwt/me', me);
  app.get('/api/1/key/me', me);
  app.get('/api/1/:serverKey/game/:gameId/download_keys', (req, res) => {
    const rightGame = req.params.serverKey === fake.serverKey && req.params.gameId === fake.gameId;
    if (req.query.download_key !== undefined) {
      const owner = rightGame ? fake.downloadKeys.get(String(req.query.download_key)) : undefined;
      return void res.json(owner ? { download_key: { id: 2, game_id: Number(fake.gameId), owner } } : { errors: ['no download key found'] });
    }
    const ok = req.params.serverKey === fake.serverKey && req.params.gameId === fake.gameId && fake.owners.has(Number(req.query.user_id));
    res.json(ok ? { download_key: { id: 1, game_id: Number(fake.gameId), owner: { id: Number(req.query.user_id) } } } : { errors: ['no download key found'] });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  fake.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
