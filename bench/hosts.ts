import type { Client } from '@temporalio/client';
import { createProject } from '../core/projects';
import { createLogger } from '../core/log';
import { hostWorkflowId } from '../domain/hosts/contract';
import { noopCeiling } from './noop';
import { paced } from './paced';
import { percentile, progressBar } from './progress';
import { startBenchStack } from './stack';

/**
 * `npm run bench:hosts`: registers BENCH_HOSTS hosts (5000), then for BENCH_SECONDS (60) each host pings once
 * every BENCH_PING_INTERVAL_SECONDS (60), as Padrone clients do, while players list hosts (located callers, so
 * distance sorting runs, back to back) and join; then the no-op workflow ceiling of the same server. Knobs:
 * BENCH_PINGERS (64, pings in flight at most), BENCH_LISTERS (4), BENCH_JOINS_PER_SECOND (5), BENCH_JOINERS (4, joins
 * in flight at most), BENCH_REGISTER_CONCURRENCY (32),
 * BENCH_SAMPLED_HOSTS (200, whose histories count the workflow tasks of the window), BENCH_NOOP_SECONDS (15).
 */
const HOSTS = Number(process.env.BENCH_HOSTS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PING_INTERVAL = Number(process.env.BENCH_PING_INTERVAL_SECONDS ?? 60);
const PINGERS = Number(process.env.BENCH_PINGERS ?? 64);
const SAMPLED = Number(process.env.BENCH_SAMPLED_HOSTS ?? 200);
const NOOP_SECONDS = Number(process.env.BENCH_NOOP_SECONDS ?? 15);
const LISTERS = Number(process.env.BENCH_LISTERS ?? 4);
const JOINERS = Number(process.env.BENCH_JOINERS ?? 4);
const JOINS_PER_SECOND = Number(process.env.BENCH_JOINS_PER_SECOND ?? 5);
const REGISTER_CONCURRENCY = Number(process.env.BENCH_REGISTER_CONCURRENCY ?? 32);

/** Public addresses spread over many ranges, so most hosts have a location. */
const hostIp = (i: number) => `${(i % 180) + 20}.${(i >> 4) % 250}.${i % 250}.${(i % 200) + 1}`;

async function main(): Promise<void> {
  const log = createLogger('info', 'bench', 2);
  const stack = await startBenchStack(log, { TRUST_PROXY: 'true', HOST_PING_TIMEOUT_SECONDS: '300' });
  try {
    const project = await createProject(stack.db.db, { name: 'bench-hosts', testKey: true });
    const base = `${stack.api.url}/projects/${project.id}/app`;
    const as = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64'), 'content-type': 'application/json' });
    const endpoints = Array.from({ length: HOSTS }, (_, i) => `${hostIp(i)}:${7000 + (i % 1000)}`);

    let registered = 0;
    const regStart = Date.now();
    const regBar = progressBar('register', () => registered / HOSTS, () => `${registered}/${HOSTS} hosts`);
    let next = 0;
    await Promise.all(Array.from({ length: REGISTER_CONCURRENCY }, async () => {
      for (let i = next++; i < HOSTS; i = next++) {
        const res = await fetch(`${base}/register-host`, {
          method: 'POST', headers: as(i),
          body: JSON.stringify({ hostName: `Host ${i}`, peerInfo: { external: endpoints[i], internal: '192.168.0.2:7777' }, isPrivate: false, version: 'bench', maxPlayers: 64 }),
        });
        if (res.ok) registered++;
      }
    }));
    regBar.stop();
    const registerRate = registered / ((Date.now() - regStart) / 1000);

    const f = { pings: 0, pingErrors: 0, joins: 0, joinRefused: 0, listLatencies: [] as number[] };
    const sampled = Array.from({ length: Math.min(SAMPLED, registered) }, (_, k) => Math.floor((k * HOSTS) / Math.min(SAMPLED, registered)));
    const tasksBefore = await workflowTasksOf(stack.temporal, project.id, sampled.map((i) => endpoints[i]!));
    const start = Date.now();
    const end = start + SECONDS * 1000;
    const bar = progressBar('load    ', SECONDS * 1000, () => `${f.pings} pings, ${f.joins} joins, ${f.listLatencies.length} lists`);
    // Every host once per interval, spread evenly; joins at their own rate, each by a new player.
    const rate = HOSTS / PING_INTERVAL;
    const ping = async (n: number) => {
      const i = n % HOSTS;
      const res = await fetch(`${base}/ping`, { method: 'POST', headers: as(i), body: JSON.stringify({ hostEndpoint: endpoints[i], connectedClients: [] }) });
      if (res.ok) f.pings++;
      else f.pingErrors++;
    };
    const join = async (n: number) => {
      const i = Math.floor(Math.random() * HOSTS);
      const res = await fetch(`${base}/join`, { method: 'POST', headers: as(1_000_000 + n), body: JSON.stringify({ hostEndpoint: endpoints[i] }) });
      if (res.ok) f.joins++;
      else f.joinRefused++;
    };
    const lister = async (k: number) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await fetch(`${base}/list-hosts?version=bench&limit=50`, { headers: { ...as(900_000 + k), 'x-forwarded-for': hostIp(k * 37 + 11) } });
        await res.json();
        f.listLatencies.push(performance.now() - t0);
      }
    };
    const [pingsBehindMs] = await Promise.all([
      paced({ perSecond: rate, lanes: PINGERS, start, end }, ping),
      paced({ perSecond: JOINS_PER_SECOND, lanes: JOINERS, start, end }, join),
      ...Array.from({ length: LISTERS }, (_, k) => lister(k)),
    ]);
    bar.stop();

    const tasksAfter = await workflowTasksOf(stack.temporal, project.id, sampled.map((i) => endpoints[i]!));
    const windowTasks = ((tasksAfter - tasksBefore) * registered) / sampled.length;
    const noop = await noopCeiling(stack.config.TEMPORAL_ADDRESS, 'bench', NOOP_SECONDS, log);
    const pingRate = f.pings / SECONDS;
    const lists = f.listLatencies.sort((a, b) => a - b);
    process.stdout.write([
      '',
      `bench:hosts — ${registered} hosts, each pinging every ${PING_INTERVAL} s (${rate.toFixed(1)} pings/s asked); ${SECONDS} s with ${LISTERS} listers back to back and ${JOINS_PER_SECOND} joins/s asked`,
      `  registrations per second        ${registerRate.toFixed(1)}`,
      `  pings per second (sustained)    ${pingRate.toFixed(1)}   (${f.pingErrors} refused; at most ${pingsBehindMs.toFixed(0)} ms behind schedule)`,
      `  pings/s ÷ no-op ceiling         ${(pingRate / noop).toFixed(2)}`,
      `  host workflow tasks per ping    ${(windowTasks / Math.max(f.pings, 1)).toFixed(3)}   (from ${sampled.length} sampled hosts' histories: joins, and pings that let a joined player go)`,
      `  joins per second                ${(f.joins / SECONDS).toFixed(1)}   (${f.joinRefused} refused)`,
      `  list-hosts latency   p50        ${percentile(lists, 50).toFixed(1)} ms`,
      `                       p99        ${percentile(lists, 99).toFixed(1)} ms   (${lists.length} lists)`,
      `  no-op workflow ceiling          ${noop.toFixed(1)} started+completed per second (same server, same run)`,
      '',
    ].join('\n'));
  } finally {
    await stack.stop();
  }
}

/** Workflow tasks completed so far by these hosts' workflows (every run of each). */
async function workflowTasksOf(temporal: Client, projectId: string, endpoints: string[]): Promise<number> {
  let tasks = 0;
  for (const endpoint of endpoints) {
    for await (const run of temporal.workflow.list({ query: `WorkflowId = '${hostWorkflowId(projectId, endpoint)}'` })) {
      const history = await temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      tasks += history.events!.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    }
  }
  return tasks;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
