import { randomUUID } from 'node:crypto';
import { checkLedger, postTransfer } from '../db/paid-matches/ledger';
import { accounts } from '../domain/paid-matches/ledger';
import { createProject, updatePaidMatchSettings } from '../core/projects';
import { createLogger } from '../core/log';
import type { Project } from '../domain/projects';
import { FakeGameBackend, type DeveloperConfig } from '../test/fakes/game-backend';
import { requestJson } from './http';
import { percentile, progressBar } from './progress';
import { startBenchStack } from './stack';

/**
 * `npm run bench:payouts`: many small paid matches end to end, over HTTP like real players and a real game
 * backend: create, join, confirm (escrow), the game's webhook, launch, finish, payout. Prints settled matches
 * per second and ledger transactions per second, then checks the ledger's invariants.
 * Then the ledger alone: direct transfers from many writers, the database's ceiling without Temporal in the way.
 * Knobs: BENCH_MATCHES (total, default 300), BENCH_CONCURRENCY (matches in flight, default 16), BENCH_POLL_MS (100),
 * BENCH_LEDGER_SECONDS (10), BENCH_LEDGER_WRITERS (16).
 */
const MATCHES = Number(process.env.BENCH_MATCHES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const ENTRY_FEE = 100;
const LEDGER_SECONDS = Number(process.env.BENCH_LEDGER_SECONDS ?? 10);
const LEDGER_WRITERS = Number(process.env.BENCH_LEDGER_WRITERS ?? 16);

interface Player {
  id: string;
  token: string;
}

interface Figures {
  settled: number;
  latencies: number[];
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const log = createLogger('info', 'bench', 2);
  const stack = await startBenchStack(log, {});
  const api = stack.api.url;
  const adminToken = stack.config.ADMIN_TOKEN;
  let game: FakeGameBackend | undefined;
  try {
    const project = await createProject(stack.db.db, { name: 'bench payouts', testKey: true });
    const config = (await requestJson(`${api}/admin/projects/${project.id}/developer-config.json`, { token: adminToken })) as DeveloperConfig;
    game = await new FakeGameBackend(config).start();
    await updatePaidMatchSettings(stack.db.db, project.id, { matchInfoUrl: game.matchInfoUrl, gameUrl: 'https://play.example.com' });
    log.info({ lanes: CONCURRENCY }, 'logging players in and crediting their wallets');
    const lanes = await Promise.all(Array.from({ length: CONCURRENCY }, () => Promise.all([player(api, project, adminToken), player(api, project, adminToken)])));

    const figures: Figures = { settled: 0, latencies: [], errors: [] };
    let started = 0;
    const transactionsBefore = await countTransactions(stack.db.db);
    const t0 = Date.now();
    const bar = progressBar('paying out', () => figures.settled / MATCHES, () => `${figures.settled}/${MATCHES} settled, ${figures.errors.length} errors`);
    await Promise.all(lanes.map(async ([a, b]) => {
      while (started < MATCHES) {
        started++;
        await playOne(api, game!, a, b, figures).catch((err: unknown) => void figures.errors.push(String(err)));
      }
    }));
    const seconds = (Date.now() - t0) / 1000;
    bar.stop();
    const transactions = (await countTransactions(stack.db.db)) - transactionsBefore;
    const ledgerPerSecond = await ledgerCeiling(stack.db.db, project.id);
    const check = await checkLedger(stack.db.db);
    report(figures, seconds, transactions, ledgerPerSecond, check);
    if (!check.ok) process.exitCode = 1;
  } finally {
    await game?.stop();
    await stack.stop();
  }
}

/** One 1v1 paid match, from creation to payout, as the players and the game would drive it. */
async function playOne(api: string, game: FakeGameBackend, a: Player, b: Player, figures: Figures): Promise<void> {
  const t0 = Date.now();
  const created = (await requestJson(`${api}/platform/v1/matches`, { token: a.token, body: { entryFee: ENTRY_FEE, teams: 2, teamSize: 1 } })) as { matchId: string };
  const matchId = created.matchId;
  await requestJson(`${api}/platform/v1/matches/${matchId}/join`, { token: b.token, body: { teamId: '2' } });
  await Promise.all([a, b].map((p) => requestJson(`${api}/platform/v1/matches/${matchId}/confirm`, { token: p.token, body: {} })));
  await until(api, a, matchId, 'live');
  const launch = (await requestJson(`${api}/platform/v1/matches/${matchId}/launch`, { token: a.token })) as { token: string };
  const info = await game.tokenInfo(launch.token);
  if (info.body.match_status !== 'live') throw new Error(`token-info said ${info.body.match_status}`);
  // Winners alternate, so neither wallet drains.
  const aWins = figures.settled % 2 === 0;
  const finished = await game.finish({ match_id: matchId, participants: [], teams: [{ id: '1', ranking: aWins ? 1 : 2 }, { id: '2', ranking: aWins ? 2 : 1 }] });
  if (finished.status !== 200) throw new Error(`finish answered ${finished.status}`);
  await until(api, a, matchId, 'settled');
  figures.latencies.push(Date.now() - t0);
  figures.settled++;
}

async function until(api: string, p: Player, matchId: string, state: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const view = (await requestJson(`${api}/platform/v1/matches/${matchId}`, { token: p.token })) as { state: string; reason?: string };
    if (view.state === state) return;
    if (['refunded', 'expired', 'cancelled'].includes(view.state)) throw new Error(`match ${view.state}: ${view.reason}`);
    if (Date.now() > deadline) throw new Error(`match stuck in ${view.state}`);
    await sleep(POLL_MS);
  }
}

async function player(api: string, project: Project, adminToken: string): Promise<Player> {
  const testId = randomUUID();
  const auth = (await requestJson(`${api}/v1a/client/auth`, { body: { projectId: project.id, auth: { testKey: project.testKey, testId } } })) as { clientToken: string };
  const id = `test:${testId}`;
  await requestJson(`${api}/admin/projects/${project.id}/wallets/${encodeURIComponent(id)}/credit`, { token: adminToken, body: { amount: ENTRY_FEE * MATCHES, reference: `bench-${testId}` } });
  return { id, token: auth.clientToken };
}

/** Deposits and transfers between wallets, posted straight to the ledger by many writers at once. */
async function ledgerCeiling(db: Parameters<typeof checkLedger>[0], projectId: string): Promise<number> {
  let posted = 0;
  const end = Date.now() + LEDGER_SECONDS * 1000;
  const bar = progressBar('ledger alone', LEDGER_SECONDS * 1000, () => `${posted} transactions`);
  await Promise.all(Array.from({ length: LEDGER_WRITERS }, async (_, w) => {
    const mine = accounts.wallet(projectId, `bench-writer-${w}`);
    const theirs = accounts.wallet(projectId, `bench-writer-${(w + 1) % LEDGER_WRITERS}`);
    await postTransfer(db, { idempotencyKey: `bench-seed-${w}-${randomUUID()}`, projectId, kind: 'deposit', from: accounts.external(projectId), to: mine, amount: 1_000_000 });
    while (Date.now() < end) {
      await postTransfer(db, { idempotencyKey: randomUUID(), projectId, kind: 'payout', from: mine, to: theirs, amount: 1 });
      posted++;
    }
  }));
  bar.stop();
  return posted / LEDGER_SECONDS;
}

async function countTransactions(db: Parameters<typeof checkLedger>[0]): Promise<number> {
  const row = await db.selectFrom('ledger_transactions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function report(f: Figures, seconds: number, transactions: number, ledgerPerSecond: number, check: Awaited<ReturnType<typeof checkLedger>>): void {
  const l = [...f.latencies].sort((a, b) => a - b);
  const lines = [
    '',
    `bench:payouts — ${MATCHES} paid 1v1 matches, ${CONCURRENCY} in flight, entry fee ${ENTRY_FEE}; polls every ${POLL_MS} ms`,
    `  settled matches per second          ${(f.settled / seconds).toFixed(1)}   (${f.settled} in ${seconds.toFixed(1)} s)`,
    `  ledger transactions per second      ${(transactions / seconds).toFixed(1)}   (${transactions}: fees, rake, payouts)`,
    `  create → settled          p50       ${percentile(l, 50).toFixed(0)} ms`,
    `                            p99       ${percentile(l, 99).toFixed(0)} ms`,
    `  ledger alone: transactions/second   ${ledgerPerSecond.toFixed(0)}   (${LEDGER_WRITERS} writers posting transfers directly, ${LEDGER_SECONDS} s)`,
    `  ledger invariant                    ${check.ok ? 'holds' : 'BROKEN'} (sum ${check.sum}, negative ${check.negativeAccounts.length}, drifted ${check.driftedAccounts.length}, unbalanced ${check.unbalancedTransactions.length})`,
    `  errors ${f.errors.length}${f.errors.length ? `: ${f.errors.slice(0, 3).join(' | ')}` : ''}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
