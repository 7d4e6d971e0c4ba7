import { ARRIVAL_ORDER } from '../../domain/matchmaking/grouping';
import type { MatcherInput, QueueEntry } from '../../domain/matchmaking/contract';
import { MatcherBook } from '../../workflows/matchmaking/matcher-state';

// The book is plain state; only its session ids come from the workflow's deterministic uuid4.
let nextId = 0;
jest.mock('@temporalio/workflow', () => ({ uuid4: () => `session-${++nextId}` }));

const input = (over: Partial<MatcherInput> = {}): MatcherInput => ({
  projectId: 'p', bucketId: 'b', bucketKey: 'k', teamSizes: [1, 1], rule: ARRIVAL_ORDER, serverRetryMs: 1000, sessionResultDeadlineSeconds: 60, ...over,
});
const entry = (ticketId: string, deadline = 1e15): QueueEntry => ({ ticketId, playerId: `test:${ticketId}`, rating: 1500, enqueuedAt: 0, deadline });

describe('the matcher book, driven one step at a time', () => {
  it('when grouping-rule changes arrive out of order, then the highest revision rules and an older one changes nothing', () => {
    const apart = { kind: 'rating', tolerance: 0, widenPerSecond: 0, maxTolerance: 0 } as const;
    const book = new MatcherBook(input({ rule: apart, ruleRevision: 1 }));
    book.enqueue({ ...entry('low'), rating: 1000 }, 0);
    book.enqueue({ ...entry('high'), rating: 1600 }, 0);
    book.adoptRule({ rule: ARRIVAL_ORDER, revision: 3 });
    book.adoptRule({ rule: apart, revision: 2 });
    expect([book.rule, book.ruleRevision]).toEqual([ARRIVAL_ORDER, 3]);
    book.formGroups(0);
    expect(book.takeVerdicts(0)!.sessions.map((s) => s.matched.map((m) => m.ticketId))).toEqual([['low', 'high']]);
  });

  it('when a withdrawal for one waiting group arrives while another group of the same pass is being placed, then it waits, and the group is never started broken', () => {
    const book = new MatcherBook(input({ serverTag: 'srv' }));
    for (const t of ['a', 'b', 'c', 'd']) book.enqueue(entry(t), 0);
    book.formGroups(0);
    const due = book.dueForServer(5000);
    expect(due).toHaveLength(2);
    for (const g of due) book.placing.add(g.sessionId);
    book.withdraw({ ticketId: 'c', why: 'cancelled' });
    expect(book.state.deferred).toEqual([{ ticketId: 'c', why: 'cancelled' }]);
    book.placed(due[0]!, { name: 'server-1' }, 5000);
    expect(book.state.deferred).toHaveLength(1);
    book.placed(due[1]!, undefined, 5000);
    const { sessions, withdrawals } = book.takeVerdicts(5000)!;
    expect(sessions.map((s) => s.matched.map((m) => m.ticketId))).toEqual([['a', 'b']]);
    expect(withdrawals).toEqual([{ ticketId: 'c', reason: 'cancelled' }]);
    expect(book.state.queue.map((t) => t.ticketId)).toEqual(['d']);
  });

  it('when a matched verdict waits unannounced longer than answers are remembered, then a repeated enqueue and a late withdrawal of its ticket change nothing', () => {
    const book = new MatcherBook(input());
    book.enqueue(entry('a'), 0);
    book.enqueue(entry('b'), 0);
    book.formGroups(0);
    const verdicts = book.takeVerdicts(0)!;
    book.announceLater(verdicts, 0);
    book.forgetOldAnswers(60 * 60_000);
    book.enqueue(entry('a'), 60 * 60_000);
    book.withdraw({ ticketId: 'a', why: 'deadline' });
    expect(book.state.queue).toEqual([]);
    const retried = book.takeVerdicts(60 * 60_000)!;
    expect(retried.withdrawals).toEqual([]);
    expect(retried.sessions.flatMap((s) => s.matched.map((m) => m.ticketId))).toEqual(['a', 'b']);
  });

  it('when a ticket\'s deadline arrives while its matched verdict is being announced, then no second verdict is made', () => {
    const book = new MatcherBook(input());
    book.enqueue(entry('a'), 0);
    book.enqueue(entry('b'), 0);
    book.formGroups(0);
    const inFlight = book.takeVerdicts(0)!;
    book.withdraw({ ticketId: 'a', why: 'deadline' });
    book.announced(inFlight, 0);
    expect(book.takeVerdicts(0)).toBeUndefined();
  });

  it('when verdicts went out, then their tickets are remembered a while and a duplicate enqueue is dropped; an enqueue past its deadline is dropped too', () => {
    const book = new MatcherBook(input());
    book.enqueue(entry('a'), 0);
    book.enqueue(entry('b'), 0);
    book.formGroups(0);
    book.announced(book.takeVerdicts(0)!, 0);
    book.enqueue(entry('a'), 1000);
    book.enqueue(entry('late', 500), 1000);
    expect(book.state.queue).toEqual([]);
  });

  it('when the database refuses a session for good, then its players are told internalError; a withdrawal for a ticket never enqueued is still answered', () => {
    const book = new MatcherBook(input());
    book.enqueue(entry('a'), 0);
    book.enqueue(entry('b'), 0);
    book.formGroups(0);
    book.refuse(book.takeVerdicts(0)!, 0);
    book.withdraw({ ticketId: 'never-came', why: 'deadline' });
    expect(book.takeVerdicts(0)!.withdrawals).toEqual([
      { ticketId: 'a', reason: 'internalError' }, { ticketId: 'b', reason: 'internalError' }, { ticketId: 'never-came', reason: 'timedOut' },
    ]);
  });
});

/** What a pass decided, by ticket: `matched` (with its session's server name, if any) or the withdrawal's reason. */
function verdictsOf(book: MatcherBook, now: number): Record<string, string> {
  const v = book.takeVerdicts(now);
  if (!v) return {};
  const out: Record<string, string> = {};
  for (const s of v.sessions) for (const m of s.matched) out[m.ticketId] = s.session.server ? `matched on ${s.session.server.name}` : 'matched';
  for (const w of v.withdrawals) out[w.ticketId] = w.reason;
  return out;
}
const ids = (entries: { ticketId: string }[]) => entries.map((t) => t.ticketId);

describe('the matcher book: which of two events in one step wins', () => {
  it.each([['cancelled', 'cancelled'], ['deadline', 'timedOut']] as const)(
    'when a withdrawal (%s) is handled before the pass that would group its ticket, then it ends %s, nobody is matched and its rival stays queued',
    (why, verdict) => {
      const book = new MatcherBook(input());
      book.enqueue(entry('a'), 0);
      book.enqueue(entry('b'), 0);
      book.withdraw({ ticketId: 'a', why });
      book.formGroups(0);
      expect(verdictsOf(book, 0)).toEqual({ a: verdict });
      expect(ids(book.state.queue)).toEqual(['b']);
    },
  );

  it('when a cancel or a deadline is handled after the pass matched its ticket, then the match stands and no second verdict is made', () => {
    for (const why of ['cancelled', 'deadline'] as const) {
      const book = new MatcherBook(input());
      book.enqueue(entry('a'), 0);
      book.enqueue(entry('b'), 0);
      book.formGroups(0);
      book.withdraw({ ticketId: 'a', why });
      expect(verdictsOf(book, 0)).toEqual({ a: 'matched', b: 'matched' });
    }
  });

  it('when a cancel reaches a group that waits for a server, then the group breaks up: the canceller is cancelled and its mate queues again', () => {
    const book = new MatcherBook(input({ serverTag: 'srv' }));
    book.enqueue(entry('a'), 0);
    book.enqueue(entry('b'), 0);
    book.formGroups(0);
    book.withdraw({ ticketId: 'a', why: 'cancelled' });
    expect(verdictsOf(book, 0)).toEqual({ a: 'cancelled' });
    expect([ids(book.state.queue), book.state.waiting]).toEqual([['b'], []]);
  });
});

describe('the matcher book: groups waiting for a server', () => {
  // A new group has never asked (lastServerTry 0), so at any real clock it is due at once.
  const T = 1_700_000_000_000;
  const waitingPair = () => {
    const book = new MatcherBook(input({ serverTag: 'srv', serverRetryMs: 1000 }));
    book.enqueue(entry('a'), T);
    book.enqueue(entry('b'), T);
    book.formGroups(T);
    return book;
  };
  const tryPlacing = (book: MatcherBook, now: number, server?: string) => {
    const due = book.dueForServer(now);
    for (const g of due) book.placing.add(g.sessionId);
    for (const g of due) book.placed(g, server ? { name: server } : undefined, now);
    return due.length;
  };

  it('when a group finds no server, then it is asked again only once serverRetryMs has passed, and nextWake says when', () => {
    const book = waitingPair();
    expect(tryPlacing(book, T)).toBe(1);
    expect(book.nextWake(T + 400)).toBe(600);
    expect(tryPlacing(book, T + 999)).toBe(0);
    expect(tryPlacing(book, T + 1000, 'srv-1')).toBe(1);
    expect(verdictsOf(book, T + 1000)).toEqual({ a: 'matched on srv-1', b: 'matched on srv-1' });
    expect(book.nextWake(T + 1000)).toBeUndefined();
  });

  it('when a ticket\'s deadline passes while its group waits for a server, then it ends noServer, and so does its mate once the mate\'s deadline passes back in the queue', () => {
    const book = waitingPair();
    tryPlacing(book, T);
    book.withdraw({ ticketId: 'a', why: 'deadline' });
    expect(verdictsOf(book, T)).toEqual({ a: 'noServer' });
    expect(ids(book.state.queue)).toEqual(['b']);
    book.enqueue(entry('lone'), T);
    book.withdraw({ ticketId: 'b', why: 'deadline' });
    book.withdraw({ ticketId: 'lone', why: 'deadline' });
    // Only a ticket that sat in a full group blames the missing server; one that never found mates timed out.
    expect(verdictsOf(book, T)).toEqual({ b: 'noServer', lone: 'timedOut' });
  });
});

describe('the matcher book: when to wake, and what a new run carries', () => {
  it('when an announce fails, then its verdicts are held back until the retry is due, and nextWake says when', () => {
    const book = new MatcherBook(input());
    book.enqueue(entry('a'), 0);
    book.enqueue(entry('b'), 0);
    book.formGroups(0);
    expect(book.nextWake(0)).toBeUndefined();
    book.announceLater(book.takeVerdicts(0)!, 0);
    const wake = book.nextWake(0)!;
    expect(wake).toBeGreaterThan(0);
    expect(book.takeVerdicts(wake - 1)).toBeUndefined();
    expect(verdictsOf(book, wake)).toEqual({ a: 'matched', b: 'matched' });
  });

  it('when the matcher continues as new, then the next run keeps the queue, the waiting groups with their retry times, the unannounced verdicts and the answered tickets', () => {
    const T = 1_700_000_000_000;
    const book = new MatcherBook(input({ serverTag: 'srv', serverRetryMs: 1000 }));
    book.enqueue(entry('a'), T);
    book.enqueue(entry('b'), T);
    book.formGroups(T);
    const [group] = book.dueForServer(T);
    book.placing.add(group!.sessionId);
    book.placed(group!, undefined, T);
    book.enqueue(entry('answered'), T);
    book.withdraw({ ticketId: 'answered', why: 'cancelled' });
    book.announced(book.takeVerdicts(T)!, T);
    book.enqueue(entry('queued'), T);
    book.enqueue(entry('unannounced'), T);
    book.withdraw({ ticketId: 'unannounced', why: 'deadline' });

    // Through JSON, as Temporal carries it to the next run.
    const next = new MatcherBook(input({ serverTag: 'srv', serverRetryMs: 1000, state: JSON.parse(JSON.stringify(book.snapshot(T))) }));
    expect(ids(next.state.queue)).toEqual(['queued']);
    expect(next.dueForServer(T + 999)).toEqual([]);
    expect(next.dueForServer(T + 1000).map((g) => [g.sessionId, ids(g.teams.flat())])).toEqual([[group!.sessionId, ['a', 'b']]]);
    next.enqueue(entry('answered'), T + 500);
    expect(ids(next.state.queue)).toEqual(['queued']);
    expect(verdictsOf(next, T + 500)).toEqual({ unannounced: 'timedOut' });
  });
});
