import { allHandlersFinished, condition, continueAsNew, log, patched, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  enqueueTicketSignal, groupingRuleSignal, matcherStateQuery, withdrawTicketSignal, type MatcherInput, type ServerCandidates, type SessionServer, type Verdicts,
} from '../../domain/matchmaking/contract';
import { failureMessage, refusedForGood } from '../../domain/failures';
import { legacyMatcherV0, MATCHER_V1 } from './legacy/matcher-v0';
import { MatcherBook } from './matcher-state';

/**
 * Local: they run inside the matcher's own workflow task, adding no tasks of their own. Bounded: a cause that
 * outlasts the attempts is handled by the loop (retried later, or the group told), never retried in place forever.
 */
const { findServersForGroups, claimServer, announceVerdicts: announce } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds', maximumAttempts: 4 },
});

/** Candidates asked per group; more rarely helps, since claims race other buckets of the same tag. */
const SERVER_CANDIDATES = 5;
const DEFAULT_IDLE_SECONDS = 300;
/** Matchers from here on take a project's new grouping rule from signals (PATCH /admin/projects, each enqueue). */
const ADOPTS_GROUPING_RULE = 'matcher-adopts-grouping-rule';

/**
 * One queue bucket's matcher: takes tickets in by signal, forms groups with the pure rule, puts server groups on
 * servers, starts sessions, and answers every ticket once. Continues as new when Temporal suggests it; ends when
 * nobody has waited for `idleSeconds` (the next ticket starts it again).
 *
 * Each pass awaits everything it starts before the next timer: the commands of a pass never depend on when
 * concurrent work resolves, so a replay (after a crash or a cache eviction) issues exactly what history holds.
 */
export async function matcherWorkflow(input: MatcherInput): Promise<void> {
  if (!patched(MATCHER_V1)) return legacyMatcherV0(input);
  const book = new MatcherBook(input);
  // A rule carried by a signal is adopted only where this code recorded the patch: an older worker took the same
  // signal without adopting it, and its history must replay as it ran.
  setHandler(enqueueTicketSignal, ({ groupingRule, ...entry }) => {
    if (groupingRule && patched(ADOPTS_GROUPING_RULE)) book.adoptRule(groupingRule);
    book.enqueue(entry, Date.now());
  });
  setHandler(groupingRuleSignal, (change) => {
    if (patched(ADOPTS_GROUPING_RULE)) book.adoptRule(change);
  });
  setHandler(withdrawTicketSignal, (w) => book.withdraw(w));
  setHandler(matcherStateQuery, () => book.state);
  const idleMs = (input.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000;

  for (;;) {
    book.changed = false;
    book.formGroups(Date.now());
    await placeDueGroups(input, book);
    await announceVerdicts(input, book);

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof matcherWorkflow>({ ...input, rule: book.rule, ruleRevision: book.ruleRevision, state: book.snapshot(Date.now()) });
    }
    book.forgetOldAnswers(Date.now());
    const wake = book.nextWake(Date.now());
    // Also wake for the server's continue-as-new suggestion: even signals that change nothing grow the history.
    const hasWork = () => book.changed || book.readyToAnnounce(Date.now()) || workflowInfo().continueAsNewSuggested;
    const timeout = wake ?? (book.idle ? idleMs : undefined);
    const stirred = timeout === undefined ? await condition(hasWork) : await condition(hasWork, timeout);
    if (!stirred && wake === undefined && book.idle) return;
  }
}

/**
 * Puts each due group on a server: one look-up for all of them, then one claim at a time, so history records
 * who said yes. Awaited whole by the loop; a withdrawal arriving meanwhile waits for its group's attempt.
 */
async function placeDueGroups(input: MatcherInput, book: MatcherBook): Promise<void> {
  const due = book.dueForServer(Date.now());
  if (due.length === 0) return;
  let found: ServerCandidates = { claimed: {}, available: [] };
  try {
    found = await findServersForGroups({
      projectId: input.projectId, serverTag: input.serverTag!, sessionIds: due.map((g) => g.sessionId), limit: due.length * SERVER_CANDIDATES,
    });
  } catch (err) {
    log.warn('server look-up failed; the groups try again later', { error: failureMessage(err) });
  }
  const available = found.available.filter((name) => !Object.values(found.claimed).includes(name));
  // All due groups are being placed from now on: a withdrawal for any of them waits until its attempt is over.
  for (const group of due) book.placing.add(group.sessionId);
  for (const group of due) {
    // A server this group took before a crash answers the same claim again: ask it first.
    const taken = found.claimed[group.sessionId];
    const candidates = taken ? [taken] : available.splice(0, SERVER_CANDIDATES);
    let server: SessionServer | undefined;
    for (const name of candidates) {
      try {
        server = await claimServer({ projectId: input.projectId, name, sessionId: group.sessionId });
      } catch (err) {
        log.warn('server claim failed', { server: name, error: failureMessage(err) });
      }
      if (server) break;
    }
    book.placed(group, server, Date.now());
  }
}

/**
 * Hands the decided verdicts to one local activity (sessions start before anyone reads `matched`). A passing
 * failure keeps them for a later pass; a refusal for good is narrowed down to the sessions it concerns, whose
 * players are told `internalError`, so one bad session never holds up the bucket.
 */
async function announceVerdicts(input: MatcherInput, book: MatcherBook): Promise<void> {
  const verdicts = book.takeVerdicts(Date.now());
  if (!verdicts) return;
  try {
    await announce({ projectId: input.projectId, ...verdicts });
    book.announced(verdicts, Date.now());
  } catch (err) {
    if (refusedForGood(err)) return announceOneByOne(input, book, verdicts);
    log.warn('announce failed; retrying later', { error: failureMessage(err) });
    book.announceLater(verdicts, Date.now());
  }
}

async function announceOneByOne(input: MatcherInput, book: MatcherBook, verdicts: Verdicts): Promise<void> {
  const singles: Verdicts[] = [
    ...verdicts.sessions.map((s) => ({ sessions: [s], withdrawals: [] })),
    ...verdicts.withdrawals.map((w) => ({ sessions: [], withdrawals: [w] })),
  ];
  for (const [i, single] of singles.entries()) {
    try {
      await announce({ projectId: input.projectId, ...single });
      book.announced(single, Date.now());
    } catch (err) {
      if (!refusedForGood(err)) {
        const rest = singles.slice(i);
        return book.announceLater({ sessions: rest.flatMap((v) => v.sessions), withdrawals: rest.flatMap((v) => v.withdrawals) }, Date.now());
      }
      log.error('the database refused a verdict for good', {
        session: single.sessions[0]?.session.sessionId, withdrawn: single.withdrawals[0]?.ticketId, error: failureMessage(err),
      });
      book.refuse(single, Date.now());
    }
  }
}
