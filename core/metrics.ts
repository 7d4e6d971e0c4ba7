import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { TicketStatus } from '../domain/matchmaking/contract';
import type { Settlement } from '../domain/matchmaking/settlement';
import { sessionStateAfter } from '../domain/matchmaking/settlement';
import type { Transfer } from '../domain/paid-matches/ledger';

/**
 * Matchflow's Prometheus metrics of events: one function per event, called where the event is written (an
 * activity or the API, never a workflow, whose code replays). One registry per process, as Prometheus scrapes
 * processes: under `npm start` the worker's activities and the API count into the same one. Labels are bounded
 * (project ids, buckets, fixed names); never a player, a ticket or a secret. What the database knows (queue depth,
 * sessions) is read at scrape time instead: core/metrics-gauges.ts.
 */
export const appMetrics = new Registry();
collectDefaultMetrics({ register: appMetrics });

const registers = [appMetrics];

const tickets = new Counter({
  name: 'matchflow_tickets_total', help: 'Tickets answered, by project and outcome (matched, or the reason it failed: timedOut, cancelled, noServer, internalError).',
  labelNames: ['project', 'outcome'] as const, registers,
});

const timeToMatch = new Histogram({
  name: 'matchflow_time_to_match_seconds', help: 'From the match request to the verdict matched, by project and queue bucket (`1v1 eu -`).',
  labelNames: ['project', 'bucket'] as const, buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600], registers,
});

const sessionResults = new Counter({
  name: 'matchflow_session_results_total', help: 'Sessions ended, by project, state (settled, cancelled, disputed, abandoned) and who decided (server, agreement, majority; none).',
  labelNames: ['project', 'state', 'decided_by'] as const, registers,
});

const webhookDeliveries = new Counter({
  name: 'matchflow_webhook_deliveries_total', help: 'Webhook calls to games, by kind and outcome (delivered; refused: the game answered no; failed: no answer, a timeout or a 5xx).',
  labelNames: ['kind', 'outcome'] as const, registers,
});

const ledgerTransfers = new Counter({
  name: 'matchflow_ledger_transfers_total', help: 'Money movements posted to the ledger, by project and kind (payout, refund, entryFee, rake, remainder, deposit, withdrawal).',
  labelNames: ['project', 'kind'] as const, registers,
});

const ledgerAmount = new Counter({
  name: 'matchflow_ledger_amount_minor_units_total', help: 'Amounts posted to the ledger, in the project\'s minor units (cents), by project and kind.',
  labelNames: ['project', 'kind'] as const, registers,
});

const limitRefusals = new Counter({
  name: 'matchflow_limit_refusals_total', help: 'Requests refused by a limit, by limit (loginPerAddress, loginPerCredential, versusSeeds, hostsPerPlayer, paidMatchChanges, temporalBusy).',
  labelNames: ['limit'] as const, registers,
});

/** A ticket's verdict, counted by the write that recorded it (a retried write records, and counts, nothing). */
export function countTicketVerdict(projectId: string, status: TicketStatus): void {
  tickets.inc({ project: projectId, outcome: status.status === 'failed' ? status.reason : status.status });
}

export function observeTimeToMatch(projectId: string, bucket: string, seconds: number): void {
  timeToMatch.observe({ project: projectId, bucket: boundedBucket(bucket) }, Math.max(0, seconds));
}

/**
 * Buckets are named by tags the game's clients choose, and each bucket costs a histogram 14 series for the life of
 * the process: past 200 distinct buckets in a process, further ones are counted as `other`,
 * so no client can grow a worker's memory or a scrape without end.
 */
const MAX_BUCKETS = 200;
const seenBuckets = new Set<string>();
function boundedBucket(bucket: string): string {
  if (seenBuckets.has(bucket)) return bucket;
  if (seenBuckets.size >= MAX_BUCKETS) return 'other';
  seenBuckets.add(bucket);
  return bucket;
}

/** A session ended by this settlement (counted once: only the write that ended it calls this). */
export function countSessionResult(projectId: string, settlement: Settlement): void {
  sessionResults.inc({ project: projectId, state: sessionStateAfter(settlement), decided_by: settlement.outcome === 'settled' ? settlement.decidedBy : 'none' });
}

export type WebhookOutcome = 'delivered' | 'refused' | 'failed';

/** One attempt to call a game's webhook; `kind`: `matchInfo` (PUT), `matchInfoWithdrawal` (DELETE), or a session webhook's. */
export function countWebhookDelivery(kind: string, outcome: WebhookOutcome): void {
  webhookDeliveries.inc({ kind, outcome });
}

/** What a webhook's HTTP answer means: `accepted` says which statuses the receiver takes as done; 5xx is worth retrying. */
export function webhookOutcome(status: number, accepted: (status: number) => boolean = (s) => s >= 200 && s < 300): WebhookOutcome {
  if (accepted(status)) return 'delivered';
  return status >= 500 ? 'failed' : 'refused';
}

/** A transfer the ledger posted now (never a replayed one: its key had posted it before). */
export function countLedgerTransfer(t: Pick<Transfer, 'projectId' | 'kind' | 'amount'>): void {
  ledgerTransfers.inc({ project: t.projectId, kind: t.kind });
  ledgerAmount.inc({ project: t.projectId, kind: t.kind }, t.amount);
}

export type LimitName = 'loginPerAddress' | 'loginPerCredential' | 'versusSeeds' | 'hostsPerPlayer' | 'paidMatchChanges' | 'temporalBusy';

/** A request refused because a limit was reached (a 429; Padrone's host limit answers 406). */
export function countLimitRefusal(limit: LimitName): void {
  limitRefusals.inc({ limit });
}
