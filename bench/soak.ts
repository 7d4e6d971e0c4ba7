import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/create-db';
import { createProject, updatePaidMatchSettings } from '../core/projects';
import { createLogger } from '../core/log';
import { newSigningKey } from '../scripts/data-dir';
import { FakeGameBackend, type DeveloperConfig } from '../test/fakes/game-backend';
import { writeWorkflowBundle } from '../worker/bundle';
import { requestJson } from './http';
import { noopCeiling } from './noop';
import { progressBar } from './progress';
import { adminQuery } from './stack';
import { abuser, seatHopper } from './soak/abuse';
import { audit, stillRunning, type Findings } from './soak/audit';
import type { Soak } from './soak/context';
import { padroneHost, padronePlayer } from './soak/hosts';
import { dedicatedServer, v1aPlayer } from './soak/matchmaking';
import { paidPair } from './soak/paid';
import { chaos, sleep } from './soak/processes';
import { clusterShape, devServerShape, type SoakShape } from './soak/shapes';
import { SURFACES, Traffic } from './soak/traffic';
import { versusGame } from './soak/versus';

/**
 * `npm run bench:soak`: all four surfaces at once, for SOAK_SECONDS (120), while the worker, the API and the
 * Temporal dev server (file-backed, so it comes back with its workflows) are killed with SIGKILL at random
 * moments (one every ~SOAK_KILL_EVERY_SECONDS, 20) and poison and abusive requests go in among the good ones.
 * Then it waits (at most SOAK_DRAIN_SECONDS, 180) for every ticket, session, host and paid match to end by its
 * own timeouts, and prints what must be zero. Other knobs: SOAK_PLAYERS (16), SOAK_NOOP_SECONDS (10).
 * SOAK_SHAPE=cluster runs the same against start:cluster's shape: two Temporal nodes over PostgreSQL, two workers
 * and two APIs behind a balancer; kills take turns among Temporal nodes, workers and APIs.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const KILL_EVERY_SECONDS = Number(process.env.SOAK_KILL_EVERY_SECONDS ?? 20);
const DRAIN_SECONDS = Number(process.env.SOAK_DRAIN_SECONDS ?? 180);
const PLAYERS = Number(process.env.SOAK_PLAYERS ?? 16);
const NOOP_SECONDS = Number(process.env.SOAK_NOOP_SECONDS ?? 10);
const TASK_QUEUE = 'soak';
/** SOAK_SHAPE=cluster: start:cluster's shape (two Temporal nodes, two workers, two APIs); otherwise the dev server. */
const SHAPE = process.env.SOAK_SHAPE === 'cluster' ? 'cluster' : 'dev server';

/** Short timeouts, so that whatever the kills interrupt ends by itself within the drain. */
const TIMEOUTS = {
  SESSION_RESULT_DEADLINE_SECONDS: '30', HOST_PING_TIMEOUT_SECONDS: '20', HOST_JOIN_TIMEOUT_SECONDS: '10', PLATFORM_LOBBY_TIMEOUT_SECONDS: '30',
  PLATFORM_WEBHOOK_WINDOW_SECONDS: '20', PLATFORM_WEBHOOK_ATTEMPT_TIMEOUT_MS: '3000', VERSUS_SEED_TTL_SECONDS: '30', VERSUS_SESSION_TTL_SECONDS: '40',
  MATCHER_IDLE_SECONDS: '20', SERVER_RETRY_MS: '500',
};

async function main(): Promise<void> {
  const log = createLogger('info', 'soak', 2);
  const work = mkdtempSync(join(tmpdir(), 'matchflow-soak-'));
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `matchflow_soak_${Date.now()}`;
  await adminQuery(base, `CREATE DATABASE ${dbName}`);
  const dbUrl = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();

  log.info({ step: 'bundle' }, 'bundling workflows once, so every worker restart is quick');
  const bundle = join(work, 'workflows.js');
  await writeWorkflowBundle(bundle);

  const env: Record<string, string> = {
    DATABASE_URL: dbUrl, TEMPORAL_TASK_QUEUE: TASK_QUEUE, TRUST_PROXY: 'true',
    ADMIN_TOKEN: randomBytes(24).toString('base64url'), TOKEN_KEY: randomBytes(32).toString('base64url'), PLATFORM_SIGNING_KEY: newSigningKey(),
    WORKER_WORKFLOW_BUNDLE: bundle, LOG_LEVEL: 'error', ...TIMEOUTS,
  };
  const db = await createDb({ databaseUrl: dbUrl, dataDir: work, log });
  let backend: FakeGameBackend | undefined;
  let shape: SoakShape | undefined;
  try {
    log.info({ step: 'start', shape: SHAPE }, SHAPE === 'cluster'
      ? 'starting a Temporal cluster (two nodes over PostgreSQL), two workers and two APIs behind a balancer'
      : 'starting Temporal (file-backed), the worker and the API as processes of their own');
    shape = await (SHAPE === 'cluster' ? clusterShape : devServerShape)({ env, databaseUrl: dbUrl, work, log });
    const { apiUrl: api, parts, temporalAddress } = shape;
    const project = await createProject(db.db, { name: 'soak', testKey: true, padrone: { admins: [{ username: 'ops', password: 'soak-admin-password' }], developers: [] } });
    const paidProject = await createProject(db.db, { name: 'soak paid', testKey: true });
    const config = (await requestJson(`${api}/admin/projects/${paidProject.id}/developer-config.json`, { token: env.ADMIN_TOKEN })) as DeveloperConfig;
    backend = await new FakeGameBackend(config).start();
    await updatePaidMatchSettings(db.db, paidProject.id, { matchInfoUrl: backend.matchInfoUrl, gameUrl: 'https://play.example.com', resultDeadlineSeconds: 20 });
    const noop = await noopCeiling(temporalAddress, TASK_QUEUE, NOOP_SECONDS, log);

    let running = true;
    const soak: Soak = {
      traffic: new Traffic(api), project, paidGame: { project: paidProject, backend }, adminToken: env.ADMIN_TOKEN!, running: () => running,
      made: { tickets: [], paidMatches: new Set(), hostEndpoints: new Set() },
    };
    const drivers = [
      ...Array.from({ length: PLAYERS }, () => v1aPlayer(soak)),
      ...['srv-1', 'srv-2', 'srv-3'].map((name) => dedicatedServer(soak, name)),
      ...[1, 2, 3, 4].map((n) => padroneHost(soak, n)), ...[11, 12, 13, 14, 15, 16].map((n) => padronePlayer(soak, n)),
      ...Array.from({ length: 3 }, () => paidPair(soak)), seatHopper(soak),
      versusGame(soak, 1), versusGame(soak, 2),
      abuser(soak), abuser(soak),
    ].map((d) => d.catch((err: unknown) => log.error({ err }, 'a driver stopped')));
    const killer = chaos(parts, KILL_EVERY_SECONDS * 1000, log);
    const bar = progressBar('soak    ', SECONDS * 1000, () => `${total(soak)} requests, ${soak.made.tickets.length} tickets, ${soak.made.paidMatches.size} paid matches`);
    await sleep(SECONDS * 1000);
    running = false;
    bar.stop();
    const kills = await killer.stop();
    log.info({ kills }, 'load stopped; every part is up again; waiting for everything to end by its own timeouts');
    await Promise.all(drivers);

    const client = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
    const drained = await drain(client);
    const findings = await audit(soak, client, db.db);
    report(soak, shape, kills, noop, drained, findings);
    await client.connection.close();
  } finally {
    await backend?.stop();
    await shape?.stop();
    await db.close();
    if (!process.env.KEEP_SOAK_DB) await adminQuery(base, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(work, { recursive: true, force: true });
  }
}

/** Waits until no ticket, session, host, paid match, offer or Versus session runs any more (or the drain ends). */
async function drain(client: Client): Promise<number> {
  const started = Date.now();
  let left = Infinity;
  const bar = progressBar('drain   ', DRAIN_SECONDS * 1000, () => `${left} still running`);
  while (Date.now() - started < DRAIN_SECONDS * 1000) {
    left = Object.values(await stillRunning(client)).reduce((a, b) => a + b, 0);
    if (left === 0) break;
    await sleep(2000);
  }
  bar.stop();
  return (Date.now() - started) / 1000;
}

function report(soak: Soak, shape: SoakShape, kills: Record<string, number>, noop: number, drainedSeconds: number, f: Findings): void {
  const t = soak.traffic.tallies;
  const row = (name: string, value: string | number) => `  ${name.padEnd(44)} ${value}`;
  const lines = [
    '', `bench:soak (${shape.name}) — ${SECONDS} s of load on all four surfaces; kills: ${Object.entries(kills).map(([k, v]) => `${k} ${v}`).join(', ')}; drained in ${drainedSeconds.toFixed(0)} s`,
    row('no-op workflow ceiling (this server)', `${noop.toFixed(1)} /s`),
    ...SURFACES.map((s) => row(`requests ${s}`, `${t[s].requests} (mistakes ${t[s].mistakes}; 503 ${t[s].unavailable503}, 429 ${t[s].tooMany429}, no answer ${t[s].noAnswer}, lost in flight ${t[s].lostInFlight})`)),
    row('5xx for client mistakes (503 aside)', SURFACES.reduce((n, s) => n + t[s].mistakes5xx, 0)),
    row('500s for any request', SURFACES.reduce((n, s) => n + t[s].internal, 0)),
    ...Object.entries(f.notFinal).map(([k, v]) => row(`${k} not in a final state`, v)),
    row('tickets read as still searching', `${f.ticketsStillSearching} of ${soak.made.tickets.length}`),
    row('paid matches not final (read model)', f.paidMatchesNotFinal),
    row('sessions still live (table)', f.sessionsStillLive),
    row('workflows failed or terminated', f.workflowsFailed),
    row('workflow tasks failed: nondeterminism', f.workflowTasksNondeterministic),
    row('workflow tasks failed: other', f.workflowTasksFailedOther),
    row('tickets in two sessions', f.ticketsInTwoSessions),
    row('players seated twice in one session', f.playersTwiceInASession),
    row('servers taken for a session never started', f.serversTakenForNoSession),
    row('money moved twice', f.moneyMovedTwice),
    row('matches both paid out and refunded', f.matchesPaidAndRefunded),
    row('ledger check', f.ledgerCheck),
    ...soak.traffic.internalSamples.map((s) => `  500: ${s}`),
    ...soak.traffic.noAnswerSamples.map((s) => `  no answer: ${s}`),
    ...(soak.traffic.internalSamples.length ? [`  (the API's and the worker's logs: ${shape.logs})`] : []),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  process.stdout.write(`${JSON.stringify({ shape: shape.name, seconds: SECONDS, kills, noopPerSecond: noop, requests: t, findings: f })}\n`);
}

const total = (soak: Soak) => SURFACES.reduce((n, s) => n + soak.traffic.tallies[s].requests, 0);


main().catch((err) => {
  console.error(err);
  process.exit(1);
});
