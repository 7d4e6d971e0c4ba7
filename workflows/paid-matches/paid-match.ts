import {
  allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { shouldContinueAsNew } from '../../domain/continue-as-new';
import { failureMessage, failureType } from '../../domain/failures';
import { accounts, matchMoneyKey, type Transfer } from '../../domain/paid-matches/ledger';
import { Backoff, patiently } from '../../domain/patience';
import { payoutPlan } from '../../domain/paid-matches/payouts';
import {
  abortMatchSignal, confirmEntryUpdate, joinTeamUpdate, leaveMatchUpdate, matchInfoBody, paidMatchViewQuery, PAID_MATCH_FAILURE,
  submitResultUpdate, type PaidMatchState, type PaidMatchView, type PaidMatchInput,
} from '../../domain/paid-matches/contract';
import { anyReported, forfeitSilentTeams, rankTeams } from '../../domain/paid-matches/results';
import { PaidMatchState as PaidMatchStateKey } from '../../domain/search-attributes';
import { PaidMatch } from './paid-match-state';

// Money must move eventually: a database outage is waited out, only the ledger's refusals are final.
const { moveMoney } = proxyActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});
// Bounded: the read model is written again at the next change, or after a backoff; money never waits for it.
const { recordPaidMatch } = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumInterval: '5 seconds', maximumAttempts: 4 } });

/** A write that failed before the match began waiting is tried again (older runs left it for the next change). */
const REPUBLISH_UNWRITTEN = 'republish-unwritten';

/** An ended match's last word must reach the read model: tries spread over about an hour before giving up. */
const FINAL_PUBLISH_WAITS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/**
 * A paid match (COMPAT.md §3): lobby → escrow → the game's webhook → live → result (or deadline) → payout, or
 * a full refund from wherever it stopped. Every movement of money is one ledger transaction named by a key
 * derived from the match id, so a retried or replayed step never pays twice.
 */
export async function paidMatchWorkflow(input: PaidMatchInput): Promise<PaidMatchView> {
  const match = new PaidMatch(input);
  // Each change is answered once the read model shows it, so the caller's next read sees it.
  const shown = async <T>(answer: T): Promise<T> => {
    await match.row.caughtUp(match.version, () => false);
    return answer;
  };
  setHandler(joinTeamUpdate, ({ playerId, teamId }) => shown(match.join(playerId, teamId)), { validator: ({ playerId, teamId }) => match.assertJoinable(playerId, teamId) });
  setHandler(leaveMatchUpdate, ({ playerId }) => shown(match.leave(playerId)), { validator: ({ playerId }) => match.assertLeavable(playerId) });
  setHandler(confirmEntryUpdate, ({ playerId }) => shown(match.confirm(playerId)), { validator: ({ playerId }) => match.assertConfirmable(playerId) });
  setHandler(submitResultUpdate, (sub) => shown(match.submit(sub)), { validator: (sub) => match.assertSubmittable(sub) });
  setHandler(abortMatchSignal, ({ reason }) => match.requestAbort(reason));
  setHandler(paidMatchViewQuery, () => match.view());

  const aborted = () => match.abortRequested !== undefined;
  await publish(match);
  const lobbyExpiresAt = input.lobby?.expiresAt ?? Date.now() + input.lobbyTimeoutSeconds * 1000;
  // Every join, switch, leave and confirm is an update: a busy lobby continues as new when Temporal suggests it.
  const filled = await waitPublishing(match, () => match.ready() || aborted(), lobbyExpiresAt, () => shouldContinueAsNew('lobby-continues-as-new'));
  if (filled === 'continueAsNew') {
    await condition(allHandlersFinished);
    return continueAsNew<typeof paidMatchWorkflow>({ ...input, lobby: match.carryLobby(lobbyExpiresAt) });
  }
  if (aborted()) return end(match, 'cancelled', match.abortRequested);
  if (!filled) return end(match, 'expired', 'the lobby did not fill in time');

  await enter(match, 'escrow');
  const unpaid = await collectEntryFees(match);
  if (unpaid) return refundAll(match, unpaid, false);

  await enter(match, 'starting');
  const refused = await pushMatchInfo(match);
  if (refused) return refundAll(match, refused, true);

  await enter(match, 'live');
  const decided = await waitPublishing(match, () => match.resultComplete() || aborted(), Date.now() + input.resultDeadlineSeconds * 1000);
  let result = match.result;
  if (!decided) {
    if (input.noResultPolicy !== 'settleReported' || !anyReported(result)) return refundAll(match, 'no result by the deadline', true);
    match.reason = 'the deadline came first: settled by the results reported, silent teams forfeit';
    result = forfeitSilentTeams(result, match.roster());
  } else if (!match.resultComplete()) return refundAll(match, match.abortRequested!, true);

  match.payout = payoutPlan(input.entryFee, rankTeams(result, match.roster()), input.rules);
  await enter(match, 'settling');
  await payOut(match);
  return end(match, 'settled');
}

/**
 * Waits until `done()` or the deadline, keeping the read model current meanwhile (players and the game read
 * lobbies, submissions and states from it, not from the workflow). False when the deadline came first;
 * 'continueAsNew' when `moveOn()` asks for a new run first. A write that fails is tried again after a backoff.
 */
async function waitPublishing(match: PaidMatch, done: () => boolean, deadline: number, moveOn?: () => boolean): Promise<boolean | 'continueAsNew'> {
  const { row } = match;
  // Runs started before a failed write was tried again here took the version they came in with as written.
  if (row.written !== match.version && !patched(REPUBLISH_UNWRITTEN)) row.wrote(match.version);
  // A write that failed is tried again after 5 s, doubling, to a minute.
  const republish = new Backoff(5_000, 60_000);
  for (;;) {
    if (done()) return true;
    if (row.written !== match.version && republish.ready(Date.now())) {
      if (await publish(match)) republish.succeeded();
      else republish.failed(Date.now());
      continue;
    }
    // Never while a change waits for its row: an update waiting for it would hold the continue-as-new back.
    if (row.written === match.version && moveOn?.()) return 'continueAsNew';
    const left = deadline - Date.now();
    if (left <= 0) return false;
    // moveOn is asked after each change, not waited on: every lobby change passes here.
    const changed = () => republish.at === undefined && match.version !== row.written;
    await condition(() => changed() || done(), republish.at === undefined ? left : Math.max(1, Math.min(left, republish.at - Date.now())));
  }
}

/** Every player's fee into the match's escrow. Undefined when all paid; otherwise why the match cannot start. */
async function collectEntryFees(match: PaidMatch): Promise<string | undefined> {
  const { input } = match;
  const players = match.players();
  const paid = await Promise.allSettled(players.map((playerId) => moveMoney(transfer(input, 'entryFee', playerId, {
    idempotencyKey: matchMoneyKey.entryFee(input.matchId, playerId), from: accounts.wallet(input.projectId, playerId), amount: input.entryFee,
  }))));
  match.escrowed = players.filter((_, i) => paid[i]!.status === 'fulfilled');
  const failed = players.findIndex((_, i) => paid[i]!.status === 'rejected');
  if (failed < 0) return undefined;
  const reason = (paid[failed] as PromiseRejectedResult).reason;
  return failureType(reason) === PAID_MATCH_FAILURE.insufficientFunds ? `player ${players[failed]} could not pay the entry fee` : `entry fee failed: ${failureMessage(reason)}`;
}

/** Tells the game; undefined when it answered 200, else why the match aborts. */
async function pushMatchInfo(match: PaidMatch): Promise<string | undefined> {
  const { pushMatchInfo: push } = webhookActivities(match.input);
  try {
    await push(matchInfoCall(match));
    return undefined;
  } catch (err) {
    if (failureType(err) === PAID_MATCH_FAILURE.matchInfoRefused) return `the game refused the match: ${failureMessage(err)}`;
    if (failureType(err) === PAID_MATCH_FAILURE.noSigningKey) return `the platform is misconfigured: ${failureMessage(err)}`;
    return `the game could not be reached within ${match.input.webhook.windowSeconds} s: ${failureMessage(err)}`;
  }
}

async function refundAll(match: PaidMatch, reason: string, tellGame: boolean): Promise<PaidMatchView> {
  const { input } = match;
  match.reason = reason;
  // No longer live: a result arriving now is refused instead of accepted and ignored.
  await enter(match, 'refunding');
  await Promise.all(match.escrowed.map((playerId) => moveMoney(transfer(input, 'refund', playerId, {
    idempotencyKey: matchMoneyKey.refund(input.matchId, playerId), to: accounts.wallet(input.projectId, playerId), amount: input.entryFee,
  }))));
  if (tellGame) await webhookActivities(input).withdrawMatchInfo(matchInfoCall(match));
  return end(match, 'refunded');
}

/** One transaction per movement, in order: rake, each winner, then the rounding remainder. */
async function payOut(match: PaidMatch): Promise<void> {
  const { input, payout } = match;
  const house = accounts.house(input.projectId);
  if (payout!.rake > 0) await moveMoney(transfer(input, 'rake', undefined, { idempotencyKey: matchMoneyKey.rake(input.matchId), to: house, amount: payout!.rake }));
  for (const p of payout!.payouts) {
    await moveMoney(transfer(input, 'payout', p.playerId, {
      idempotencyKey: matchMoneyKey.payout(input.matchId, p.playerId), to: accounts.wallet(input.projectId, p.playerId), amount: p.amount,
    }));
  }
  if (payout!.remainder > 0) {
    await moveMoney(transfer(input, 'remainder', undefined, { idempotencyKey: matchMoneyKey.remainder(input.matchId), to: house, amount: payout!.remainder }));
  }
}

/** A movement into or out of this match's escrow (whichever side is not given). */
function transfer(input: PaidMatchInput, kind: Transfer['kind'], playerId: string | undefined, t: Pick<Transfer, 'idempotencyKey' | 'amount'> & Partial<Pick<Transfer, 'from' | 'to'>>): Transfer {
  const escrow = accounts.escrow(input.projectId, input.matchId);
  return { kind, projectId: input.projectId, matchId: input.matchId, playerId, from: t.from ?? escrow, to: t.to ?? escrow, idempotencyKey: t.idempotencyKey, amount: t.amount };
}

function webhookActivities(input: PaidMatchInput) {
  return proxyActivities<Activities>({
    startToCloseTimeout: input.webhook.attemptTimeoutMs + 1000,
    // The bounded window of COMPAT.md §3: past it, the match aborts.
    scheduleToCloseTimeout: input.webhook.windowSeconds * 1000,
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', nonRetryableErrorTypes: [PAID_MATCH_FAILURE.matchInfoRefused] },
  });
}

function matchInfoCall(match: PaidMatch) {
  const { input } = match;
  return {
    url: input.matchInfoUrl, issuer: input.issuer, clientId: input.projectId, matchId: input.matchId,
    idempotencyKey: `${input.matchId}/match-info`, body: matchInfoBody(match.view()), attemptTimeoutMs: input.webhook.attemptTimeoutMs,
  };
}

async function enter(match: PaidMatch, state: PaidMatchState): Promise<void> {
  match.moveTo(state, Date.now());
  upsertSearchAttributes([{ key: PaidMatchStateKey, value: state }]);
  await publish(match);
}

async function end(match: PaidMatch, state: 'settled' | 'refunded' | 'expired' | 'cancelled', reason?: string): Promise<PaidMatchView> {
  match.reason ??= reason;
  match.moveTo(state, Date.now());
  upsertSearchAttributes([{ key: PaidMatchStateKey, value: state }]);
  await patiently(async () => ((await publish(match)) ? 'done' : 'again'), FINAL_PUBLISH_WAITS_MS);
  return match.view();
}

/** Writes the read model; false (logged) when the database would not take it. Money never waits for it. */
async function publish(match: PaidMatch): Promise<boolean> {
  const version = match.version;
  try {
    await recordPaidMatch(match.view());
    match.row.wrote(version);
    return true;
  } catch (err) {
    log.error('the paid match read model could not be written', { matchId: match.input.matchId, error: failureMessage(err) });
    match.row.failed(version);
    return false;
  }
}
