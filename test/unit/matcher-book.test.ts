import { ARRIVAL_ORDER } from '../../domain/grouping';
import type { MatcherInput, QueueEntry } from '../../domain/matchmaking';
import { MatcherBook } from '../../workflows/matcher-state';

// The book is plain state; only its session ids come from the workflow's deterministic uuid4.
let nextId = 0;
jest.mock('@temporalio/workflow', () => ({ uuid4: () => `session-${++nextId}` }));

const input = (over: Partial<MatcherInput> = {}): MatcherInput => ({
  projectId: 'p', bucketId: 'b', bucketKey: 'k', teamSizes: [1, 1], rule: ARRIVAL_ORDER, serverRetryMs: 1000, sessionResultDeadlineSeconds: 60, ...over,
});
const entry = (ticketId: string, deadline = 1e15): QueueEntry => ({ ticketId, playerId: `test:${ticketId}`, rating: 1500, enqueuedAt: 0, deadline });

describe('the matcher book, driven one step at a time', () => {
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
