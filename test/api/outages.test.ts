import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { Project } from '../../domain/projects';
import type { DevServer } from '../../scripts/dev-server';
import { freeListenPort } from '../../scripts/ports';
import { ownDevServer } from '../helpers/dev-server';
import { call, eventually } from '../helpers/http';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

/** A TCP relay to PostgreSQL that a test can cut (every connection dropped, new ones refused) and restore. */
class Cable {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number, private readonly target: number) {}

  async plug(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

const BASE = new URL(process.env.MF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
let devServer: DevServer;
let cable: Cable;
let stack: Stack;
let project: Project;
const dbName = `matchflow_outage_${randomBytes(4).toString('hex')}`;

async function admin(statement: string): Promise<void> {
  const pg = new PgClient({ connectionString: BASE.toString() });
  await pg.connect();
  try {
    await pg.query(statement);
  } finally {
    await pg.end();
  }
}

beforeAll(async () => {
  devServer = await ownDevServer();
  await admin(`CREATE DATABASE ${dbName}`);
  cable = new Cable(await freeListenPort(), Number(BASE.port || 5432));
  await cable.plug();
  const url = new URL(BASE.toString());
  url.port = String(cable.port);
  url.pathname = `/${dbName}`;
  stack = await startStack({ env: { TEMPORAL_ADDRESS: devServer.address, DATABASE_URL: url.toString() } });
  project = await stack.createProject();
}, 200_000);
afterAll(async () => {
  await stack.stop();
  await cable.cut();
  await devServer.stop();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

describe('outages of the parts Matchflow stands on', () => {
  it('when PostgreSQL cannot be reached, then requests that need it answer 503 naming the database, quickly; when it is back, they work again', async () => {
    const token = await loginTestPlayer(stack.url, project, 'before-the-cut');
    await cable.cut();
    const started = Date.now();
    const [login, stats, ready] = await Promise.all([
      call('POST', `${stack.url}/v1a/client/auth`, { body: { projectId: project.id, auth: { testKey: project.testKey, testId: 'during' } } }),
      call('GET', `${stack.url}/v1a/client/info/stats`, { token }),
      call('GET', `${stack.url}/readyz`),
    ]);
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const res of [login, stats]) {
      expect([res.status, res.body.error]).toEqual([503, 'the database is unavailable; try again shortly']);
      expect(res.headers.get('retry-after')).toBe('5');
    }
    expect([ready.status, ready.body.checks.database]).toEqual([503, 'unreachable']);
    await cable.plug();
    const back = await eventually(() => call('GET', `${stack.url}/v1a/client/info/stats`, { token }), (r) => r.status === 200);
    expect(back.body.rank).toBeGreaterThan(0);
  }, 60_000);

  it('when Temporal cannot be reached, then starting a ticket answers 503 naming Temporal, while reads that need only the database still answer', async () => {
    const token = await loginTestPlayer(stack.url, project, 'before-temporal-goes');
    const matchToken = await requestMatch(stack.url, token, { maxMatchTime: 1 });
    await eventually(() => matchStatus(stack.url, token, matchToken), (s) => s.status === 'failed');
    await devServer.stop();
    const started = Date.now();
    const ask = await call('POST', `${stack.url}/v1a/client/match`, { token, body: { teamSizes: [1, 1], maxMatchTime: 5 } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect([ask.status, ask.body.error, ask.headers.get('retry-after')]).toEqual([503, 'Temporal is unavailable; try again shortly', '5']);
    expect(await matchStatus(stack.url, token, matchToken)).toEqual({ status: 'failed', reason: 'timedOut' });
    const ready = await call('GET', `${stack.url}/readyz`);
    expect([ready.status, ready.body.checks.temporal]).toEqual([503, 'unreachable']);

    // Back on the same address (an empty one: the dev server kept nothing), the same API and worker serve again.
    devServer = await ownDevServer({ port: Number(devServer.address.split(':')[1]) });
    const again = await eventually(() => call('POST', `${stack.url}/v1a/client/match`, { token, body: { teamSizes: [1, 1], maxMatchTime: 5 } }), (r) => r.status === 200, 30_000);
    expect(again.body.matchToken).toEqual(expect.any(String));
  }, 120_000);
});
