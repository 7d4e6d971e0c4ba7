import { createProject } from '../core/projects';
import { createLogger } from '../core/log';
import { percentile, progressBar } from './progress';
import { startBenchStack } from './stack';

/**
 * `npm run bench:hosts`: registers BENCH_HOSTS hosts (5000), then for BENCH_SECONDS (60) keeps them pinging while
 * players list hosts (located callers, so distance sorting runs) and join. Knobs: BENCH_PINGERS (16),
 * BENCH_LISTERS (4), BENCH_JOINERS (4), BENCH_REGISTER_CONCURRENCY (32).
 */
const HOSTS = Number(process.env.BENCH_HOSTS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PINGERS = Number(process.env.BENCH_PINGERS ?? 16);
const LISTERS = Number(process.env.BENCH_LISTERS ?? 4);
const JOINERS = Number(process.env.BENCH_JOINERS ?? 4);
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
    const end = Date.now() + SECONDS * 1000;
    const bar = progressBar('load    ', SECONDS * 1000, () => `${f.pings} pings, ${f.joins} joins, ${f.listLatencies.length} lists`);
    let cursor = 0;
    const pinger = async () => {
      while (Date.now() < end) {
        const i = cursor++ % HOSTS;
        const res = await fetch(`${base}/ping`, { method: 'POST', headers: as(i), body: JSON.stringify({ hostEndpoint: endpoints[i], connectedClients: [] }) });
        if (res.ok) f.pings++;
        else f.pingErrors++;
      }
    };
    const lister = async (k: number) => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await fetch(`${base}/list-hosts?version=bench&limit=50`, { headers: { ...as(900_000 + k), 'x-forwarded-for': hostIp(k * 37 + 11) } });
        await res.json();
        f.listLatencies.push(performance.now() - t0);
      }
    };
    const joiner = async (k: number) => {
      let n = 0;
      while (Date.now() < end) {
        const i = Math.floor(Math.random() * HOSTS);
        const res = await fetch(`${base}/join`, { method: 'POST', headers: as(1_000_000 + k * 100_000 + n++), body: JSON.stringify({ hostEndpoint: endpoints[i] }) });
        if (res.ok) f.joins++;
        else f.joinRefused++;
      }
    };
    await Promise.all([
      ...Array.from({ length: PINGERS }, pinger),
      ...Array.from({ length: LISTERS }, (_, k) => lister(k)),
      ...Array.from({ length: JOINERS }, (_, k) => joiner(k)),
    ]);
    bar.stop();

    const lists = f.listLatencies.sort((a, b) => a - b);
    process.stdout.write([
      '',
      `bench:hosts — ${registered} hosts; ${SECONDS} s with ${PINGERS} pingers, ${LISTERS} listers, ${JOINERS} joiners`,
      `  registrations per second        ${registerRate.toFixed(1)}`,
      `  pings per second (sustained)    ${(f.pings / SECONDS).toFixed(1)}   (${f.pingErrors} refused)`,
      `  joins per second                ${(f.joins / SECONDS).toFixed(1)}   (${f.joinRefused} refused)`,
      `  list-hosts latency   p50        ${percentile(lists, 50).toFixed(1)} ms`,
      `                       p99        ${percentile(lists, 99).toFixed(1)} ms   (${lists.length} lists)`,
      '',
    ].join('\n'));
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
