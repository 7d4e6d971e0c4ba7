import { createProject } from '../core/projects';
import { createLogger, type Logger } from '../core/log';
import { MATCHMAKING_WORKFLOWS } from '../domain/matchmaking/contract';
import { runBurst } from './burst';
import { LOBBY_VARIANTS, runLobby } from './lobbies';
import { noopCeiling } from './noop';
import { noFigures, type MatchFigures } from './players';
import { percentile, progressBar } from './progress';
import { benchShapes, startBenchStack, type BenchShape, type BenchStack } from './stack';
import { describeWork, temporalWorkOf, totalWork, type WorkByType } from './temporal-work';

/**
 * `npm run bench:match`: in each shape (BENCH_SHAPES, default `bench,start`: see bench/stack.ts), steady lobbies
 * of players going auth → match → status polling → result, then bursts of players arriving within seconds (in
 * one hot bucket, and over 50 buckets), then the no-op workflow ceiling of the same server. For each scenario:
 * tickets matched/s, group complete → matched, and the Temporal work per matched ticket.
 * Knobs: BENCH_SCENARIOS (lobbies,burst-hot,burst-spread), BENCH_SECONDS (measured window of the lobbies, 60),
 * BENCH_WARMUP_SECONDS (10), BENCH_LOBBIES (16), BENCH_POLL_MS (100), BENCH_BURST_PLAYERS (400),
 * BENCH_BURST_SECONDS (15), BENCH_BURST_BUCKETS (50), BENCH_NOOP_SECONDS (15).
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'lobbies,burst-hot,burst-spread').split(',').map((s) => s.trim());
const SECONDS = env('BENCH_SECONDS', 60);
const WARMUP = env('BENCH_WARMUP_SECONDS', 10);
const LOBBIES = env('BENCH_LOBBIES', 16);
const POLL_MS = env('BENCH_POLL_MS', 100);
const BURST = { players: env('BENCH_BURST_PLAYERS', 400), seconds: env('BENCH_BURST_SECONDS', 15), pollMs: POLL_MS };
const SPREAD_BUCKETS = env('BENCH_BURST_BUCKETS', 50);
const NOOP_SECONDS = env('BENCH_NOOP_SECONDS', 15);

/** The workflows a matched ticket's figure sums over: its own, its matcher's share and its session's share. */
const TICKET_WORK_TYPES = [MATCHMAKING_WORKFLOWS.ticket, MATCHMAKING_WORKFLOWS.matcher, MATCHMAKING_WORKFLOWS.session];

interface ScenarioResult {
  name: string;
  figures: MatchFigures;
  work: WorkByType;
}

async function main(): Promise<void> {
  const log = createLogger('info', 'bench', 2);
  const shapes = benchShapes();
  const results: { shape: BenchShape; scenarios: ScenarioResult[]; noop: number }[] = [];
  for (const shape of shapes) {
    const stack = await startBenchStack(log, { SERVER_RETRY_MS: '100' }, shape);
    try {
      const scenarios: ScenarioResult[] = [];
      for (const name of SCENARIOS) scenarios.push(await runScenario(stack, name, log));
      const noop = await noopCeiling(stack.config.TEMPORAL_ADDRESS, 'bench', NOOP_SECONDS, log);
      results.push({ shape, scenarios, noop });
    } finally {
      await stack.stop();
    }
  }
  for (const r of results) for (const s of r.scenarios) report(r.shape, s, r.noop);
}

async function runScenario(stack: BenchStack, name: string, log: Logger): Promise<ScenarioResult> {
  const project = await createProject(stack.db.db, { name: `bench-${name}`, testKey: true });
  const api = stack.api.url;
  const f = noFigures();
  log.info({ shape: stack.shape, scenario: name }, 'scenario starts');
  if (name === 'lobbies') {
    const start = Date.now();
    const window = { measuredFrom: start + WARMUP * 1000, end: start + (WARMUP + SECONDS) * 1000, pollMs: POLL_MS };
    const bar = progressBar(`${stack.shape} lobbies`, window.end - start, () => `${f.matchedTickets} tickets matched, ${f.errors} errors`);
    await Promise.all(Array.from({ length: LOBBIES }, (_, i) => runLobby(api, project, i, window, f)));
    bar.stop();
    f.spanSeconds = SECONDS;
  } else if (name === 'burst-hot' || name === 'burst-spread') {
    const burst = { ...BURST, buckets: name === 'burst-hot' ? 1 : SPREAD_BUCKETS };
    const bar = progressBar(`${stack.shape} ${name}`, () => f.matchedTickets / burst.players, () => `${f.matchedTickets} of ${burst.players} matched, ${f.errors} errors`);
    await runBurst(api, project, burst, f);
    bar.stop();
  } else {
    throw new Error(`BENCH_SCENARIOS: unknown scenario ${name} (lobbies, burst-hot, burst-spread)`);
  }
  await untilSessionsEnd(stack, project.id, log);
  log.info({ scenario: name }, 'counting the Temporal work of the scenario');
  return { name, figures: f, work: await temporalWorkOf(stack.temporal, project.id) };
}

/** Sessions settle on the players' reports; the work counted includes their settlement. */
async function untilSessionsEnd(stack: BenchStack, projectId: string, log: Logger): Promise<void> {
  const query = `ProjectId = '${projectId}' AND WorkflowType = '${MATCHMAKING_WORKFLOWS.session}' AND ExecutionStatus = 'Running'`;
  for (let i = 0; i < 120; i++) {
    const { count } = await stack.temporal.workflow.count(query);
    if (count === 0) return;
    if (i % 10 === 0) log.info({ sessionsRunning: count }, 'waiting for the sessions to settle');
    await new Promise((r) => setTimeout(r, 500));
  }
}

function report(shape: BenchShape, s: ScenarioResult, noop: number): void {
  const { figures: f, work } = s;
  const g = [...f.groupLatencies].sort((a, b) => a - b);
  const p = [...f.pollLatencies].sort((a, b) => a - b);
  const perTicket = totalWork(work, TICKET_WORK_TYPES);
  const per = (n: number) => (f.matchedTickets ? n / f.matchedTickets : NaN).toFixed(2);
  const rate = f.measuredTickets / f.spanSeconds;
  const what = s.name === 'lobbies'
    ? `${LOBBIES} lobbies over ${LOBBY_VARIANTS.join(', ')}; ${SECONDS} s measured after ${WARMUP} s warm-up`
    : `${BURST.players} players asking [1,1] within ${BURST.seconds} s in ${s.name === 'burst-hot' ? 'one bucket' : `${SPREAD_BUCKETS} buckets`}`;
  const lines = [
    '',
    `bench:match ${s.name} — shape ${shape}; ${what}; polls every ${POLL_MS} ms`,
    `  Temporal work per matched ticket (ticket + matcher + session workflows, ${f.matchedTickets} tickets)`,
    `    workflow tasks ${per(perTicket.workflowTasks)}   history events ${per(perTicket.historyEvents)}   state transitions ${per(perTicket.stateTransitions)}`,
    ...describeWork(work, f.matchedTickets),
    `  tickets matched per second               ${rate.toFixed(1)}   (${(rate / noop).toFixed(2)} of the no-op ceiling)`,
    `  group complete → all matched  p50        ${percentile(g, 50).toFixed(0)} ms`,
    `                                p95        ${percentile(g, 95).toFixed(0)} ms`,
    `                                p99        ${percentile(g, 99).toFixed(0)} ms`,
    `  status poll latency           p99        ${percentile(p, 99).toFixed(1)} ms   (${p.length} polls)`,
    `  no-op workflow ceiling                   ${noop.toFixed(1)} started+completed per second (same server, same run)`,
    `  groups measured ${g.length}, errors ${f.errors}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
