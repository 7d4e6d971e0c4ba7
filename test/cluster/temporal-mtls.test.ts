import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { createLogger } from '../../core/log';
import { createProject } from '../../core/projects';
import { createDb, type DbHandle } from '../../db/create-db';
import type { Project } from '../../domain/projects';
import { startFleet, type Fleet } from '../../scripts/cluster/fleet';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../scripts/cluster/postgres';
import { frontendClientTls, guideCertificates, matchflowTlsEnv, type FrontendTls } from '../../scripts/cluster/temporal';
import { dropTemporalDatabases, startTemporalCluster, type TemporalCluster } from '../../scripts/cluster/temporal-cluster';
import { webUiPart } from '../../scripts/cluster/web-ui';
import { freeListenPort, freeListenPorts, freeNodeOffsets } from '../../scripts/ports';
import { locateTemporalUi } from '../../scripts/temporal-ui';
import { eventually } from '../helpers/http';
import { players } from '../helpers/matchmaking';
import { matchStatus, requestMatch } from '../helpers/players';
import { OWN_CLUSTER_POOLS, ownClusterProcessEnv } from './connection-budget';

/**
 * Temporal's frontend with mutual TLS, set up as docs/deploy.md tells a studio to: certificates from the guide's own
 * openssl commands, the frontend's TLS from config.yaml's TEMPORAL_TLS_* variables (what compose passes), the setup
 * script's CLI from its own environment variables, Matchflow's worker and API and the Web UI from theirs. One node,
 * one worker and one API, on databases of their own.
 */
const ROOT = join(__dirname, '..', '..');
const DATABASE_URL = databaseUrl(process.env.MF_TEST_DATABASE_URL!, `matchflow_mtls_${randomBytes(4).toString('hex')}`);
const work = mkdtempSync(join(tmpdir(), 'matchflow-mtls-'));

let tls: FrontendTls;
let temporal: TemporalCluster;
let fleet: Fleet;
let db: DbHandle;
let project: Project;

/** The certificate block of the guide's TLS section, pasted into bash in `dir`; its kubectl commands need a Kubernetes cluster. */
function makeCertificates(dir: string): string {
  const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const block = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('openssl req -x509'))!;
  const kept: string[] = [];
  let inKubectl = false;
  for (const line of block.split('\n')) {
    inKubectl = line.startsWith('kubectl') || (inKubectl && /^\s/.test(line));
    if (!inKubectl) kept.push(line);
  }
  execFileSync('bash', ['-euo', 'pipefail', '-c', kept.join('\n')], { cwd: dir, stdio: 'pipe' });
  return join(dir, 'temporal-certs');
}

beforeAll(async () => {
  tls = guideCertificates(makeCertificates(work));
  await ensureDatabase(DATABASE_URL);
  db = await createDb({ databaseUrl: DATABASE_URL, dataDir: tmpdir(), poolSize: 2 });
  const log = createLogger('silent');
  const [temporalPort, apiPort, balancerPort] = await freeListenPorts(3);
  temporal = await startTemporalCluster({ postgresUrl: DATABASE_URL, host: '127.0.0.1', port: temporalPort, portOffsets: await freeNodeOffsets(1), tls, pools: OWN_CLUSTER_POOLS, logDir: work, log });
  const env = { ...ownClusterProcessEnv(DATABASE_URL), TEMPORAL_ADDRESS: temporal.address, ...matchflowTlsEnv(tls) };
  fleet = await startFleet({ env, workers: 1, apiPorts: [apiPort], host: '127.0.0.1', port: balancerPort, logDir: work, log });
  project = await createProject(db.db, { name: 'mutual TLS', testKey: true });
}, 240_000);

afterAll(async () => {
  await fleet?.stop();
  await temporal?.stop();
  await db?.close();
  await dropTemporalDatabases(DATABASE_URL);
  await dropDatabase(DATABASE_URL);
  rmSync(work, { recursive: true, force: true }); // the test CA's key with the rest
});

/** Whether a client connecting this way is answered: Connection.connect asks the frontend for its system info first. */
async function answered(options: Parameters<typeof Connection.connect>[0]): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address: temporal.address, connectTimeout: 3_000, ...options });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** Two players of `game` asking for the same match through the API, and where their tickets ended. */
async function matchTwo(game: Project): Promise<string[]> {
  const matchTag = randomUUID();
  const matches = await Promise.all((await players(fleet.url, game, 2)).map(async (token) => [token, await requestMatch(fleet.url, token, { matchTag, maxMatchTime: 60 })] as const));
  const statuses = await Promise.all(matches.map(([token, match]) => eventually(() => matchStatus(fleet.url, token, match), (m) => m.status !== 'inProgress', 60_000)));
  return statuses.map((m) => m.status);
}

describe("Temporal's frontend with mutual TLS", () => {
  it('when the worker and the API connect with their client certificate, then two players are matched through them', async () => {
    expect(await matchTwo(project)).toEqual(['matched', 'matched']);
  });

  it('when the Web UI shows its client certificate, then it lists the tickets of a match', async () => {
    const game = await createProject(db.db, { name: 'mutual TLS, seen in the Web UI', testKey: true });
    expect(await matchTwo(game)).toEqual(['matched', 'matched']);
    const ui = webUiPart({
      binary: await locateTemporalUi(createLogger('silent')), temporalAddress: temporal.address, host: '127.0.0.1', port: await freeListenPort(), tls, logDir: work,
    });
    await ui.start();
    try {
      const search = `${ui.url}/api/v1/namespaces/default/workflows?query=${encodeURIComponent(`WorkflowType = 'ticketWorkflow' AND ProjectId = '${game.id}'`)}`;
      const listed = await eventually(async () => (await fetch(search)).json() as Promise<{ executions?: unknown[] }>, (b) => (b.executions ?? []).length === 2, 20_000);
      expect(listed.executions).toHaveLength(2);
    } finally {
      await ui.stop();
    }
  });

  it('when a client shows no certificate, or does not speak TLS, then the frontend refuses it; with its certificate it is answered', async () => {
    const client = frontendClientTls(tls);
    expect(await answered({ tls: client })).toBe(true);
    expect(await answered({ tls: { ...client, clientCertPair: undefined } })).toBe(false);
    expect(await answered({})).toBe(false);
  });
});
