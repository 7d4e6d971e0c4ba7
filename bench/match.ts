import { createProject } from '../core/projects';
import { createLogger } from '../core/log';
import type { Project } from '../domain/projects';
import { requestJson } from './http';
import { noopCeiling } from './noop';
import { percentile, progressBar } from './progress';
import { startBenchStack } from './stack';

/**
 * `npm run bench:match`: simulated players through auth → match → status polling → result, in [1,1] and [2,2]
 * buckets with and without dedicated servers; then, on the same server, the no-op workflow ceiling.
 * Knobs: BENCH_SECONDS (measured window, default 60), BENCH_WARMUP_SECONDS (10), BENCH_LOBBIES (16),
 * BENCH_POLL_MS (100), BENCH_NOOP_SECONDS (15).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const LOBBIES = Number(process.env.BENCH_LOBBIES ?? 16);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const NOOP_SECONDS = Number(process.env.BENCH_NOOP_SECONDS ?? 15);

const VARIANTS = [
  { name: '1v1', teamSizes: [1, 1], server: false },
  { name: '2v2', teamSizes: [2, 2], server: false },
  { name: '1v1+server', teamSizes: [1, 1], server: true },
  { name: '2v2+server', teamSizes: [2, 2], server: true },
];

interface Figures {
  matchedTickets: number;
  groupLatencies: number[];
  pollLatencies: number[];
  errors: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const log = createLogger('info', 'bench', 2);
  const stack = await startBenchStack(log, { SERVER_RETRY_MS: '100' });
  try {
    const project = await createProject(stack.db.db, { name: 'bench', testKey: true });
    const api = stack.api.url;
    log.info({ lobbies: LOBBIES }, 'logging players in');
    const lobbies = await Promise.all(Array.from({ length: LOBBIES }, (_, i) => login(api, project, i)));

    const figures: Figures = { matchedTickets: 0, groupLatencies: [], pollLatencies: [], errors: 0 };
    const start = Date.now();
    const windowStart = start + WARMUP * 1000;
    const end = windowStart + SECONDS * 1000;
    const bar = progressBar('matching', end - start, () => `${figures.matchedTickets} tickets matched, ${figures.errors} errors`);
    await Promise.all(lobbies.map((tokens, i) => runLobby(api, project, i, tokens, windowStart, end, figures)));
    bar.stop();

    const noop = await noopCeiling(stack.config.TEMPORAL_ADDRESS, 'bench', NOOP_SECONDS, log);
    report(figures, noop);
  } finally {
    await stack.stop();
  }
}

async function login(api: string, project: Project, lobby: number): Promise<string[]> {
  return Promise.all([0, 1, 2, 3].map(async (seat) => {
    const res = await requestJson(`${api}/v1a/client/auth`, { body: { projectId: project.id, auth: { testKey: project.testKey, testId: `l${lobby}s${seat}` } } });
    return res.clientToken as string;
  }));
}

/** One lobby: the same bucket round after round, each round one full group. */
async function runLobby(api: string, project: Project, i: number, tokens: string[], windowStart: number, end: number, f: Figures): Promise<void> {
  const variant = VARIANTS[i % VARIANTS.length]!;
  const size = variant.teamSizes.reduce((a, b) => a + b, 0);
  const players = tokens.slice(0, size);
  const serverTag = variant.server ? `lobby-${i}` : undefined;
  while (Date.now() < end) {
    try {
      if (serverTag) await requestJson(`${api}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, name: `srv-${i}`, serverTag, timeout: 60 } });
      const matchTokens = await Promise.all(players.map((t) => requestJson(`${api}/v1a/client/match`, { token: t, body: { teamSizes: variant.teamSizes, maxMatchTime: 60, matchTag: `lobby-${i}`, serverTag } })));
      const complete = Date.now();
      const sessions = await Promise.all(players.map((t, p) => pollUntilMatched(api, t, matchTokens[p].matchToken as string, f)));
      const matched = Date.now();
      if (complete >= windowStart && matched <= end) {
        f.groupLatencies.push(matched - complete);
        f.matchedTickets += players.length;
      }
      await Promise.all(players.map((t, p) => requestJson(`${api}/v1a/client/session/${sessions[p].sessionToken}/result`, { token: t, body: { status: 'finished', ranks: variant.teamSizes.map((_, k) => k) } })));
    } catch (err) {
      f.errors++;
      if (f.errors < 5) process.stderr.write(`\nlobby ${i}: ${String(err)}\n`);
      await sleep(500);
    }
  }
}

async function pollUntilMatched(api: string, token: string, matchToken: string, f: Figures): Promise<any> {
  for (;;) {
    const t0 = performance.now();
    const res = await fetch(`${api}/v1a/client/match/${matchToken}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as any;
    f.pollLatencies.push(performance.now() - t0);
    if (body.status === 'matched') return body.session;
    if (body.status !== 'inProgress') throw new Error(`ticket ended ${JSON.stringify(body)}`);
    await sleep(POLL_MS);
  }
}

function report(f: Figures, noopPerSecond: number): void {
  const g = [...f.groupLatencies].sort((a, b) => a - b);
  const p = [...f.pollLatencies].sort((a, b) => a - b);
  const lines = [
    '',
    `bench:match — ${LOBBIES} lobbies over ${VARIANTS.map((v) => v.name).join(', ')}; ${SECONDS} s measured after ${WARMUP} s warm-up; polls every ${POLL_MS} ms`,
    `  tickets matched per second (sustained)   ${(f.matchedTickets / SECONDS).toFixed(1)}`,
    `  group complete → all matched  p50        ${percentile(g, 50).toFixed(0)} ms`,
    `                                p95        ${percentile(g, 95).toFixed(0)} ms`,
    `                                p99        ${percentile(g, 99).toFixed(0)} ms`,
    `  status poll latency           p99        ${percentile(p, 99).toFixed(1)} ms   (${p.length} polls)`,
    `  no-op workflow ceiling                   ${noopPerSecond.toFixed(1)} started+completed per second`,
    `  groups measured ${g.length}, errors ${f.errors}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
