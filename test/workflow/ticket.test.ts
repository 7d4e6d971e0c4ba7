import { randomUUID } from 'node:crypto';
import { cancelTicketSignal, type TicketStatus, ticketStatusQuery } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { eventually } from '../helpers/http';
import { startTicket, ticketInput } from '../helpers/matchmaking';
import { pauseWorker, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const searching = (h: Awaited<ReturnType<typeof startTicket>>) =>
  eventually(() => h.query(ticketStatusQuery), (s: TicketStatus) => s.status === 'inProgress');

describe('ticket workflow', () => {
  it('when the deadline fires and a cancel arrives in the same workflow task, then the cancel wins', async () => {
    const h = await startTicket(stack, ticketInput(project, { maxMatchTimeSeconds: 2 }));
    await searching(h);
    // Stop the only worker, so the fired timer and the signal queue up for one and the same workflow task.
    const resume = await pauseWorker(stack);
    expect(await eventually(async () => (await h.fetchHistory()).events!.some((e) => e.timerFiredEventAttributes), Boolean, 10_000)).toBe(true);
    await h.signal(cancelTicketSignal, { reason: 'cancelled' });
    await resume();
    expect(await h.result()).toEqual({ status: 'failed', reason: 'cancelled' });
    expect(await h.query(ticketStatusQuery)).toEqual({ status: 'failed', reason: 'cancelled' });
  });

  it('when cancels race the deadline at many offsets, then each ticket ends exactly once, as cancelled or timedOut', async () => {
    const handles = await Promise.all([900, 1000, 1100, 1200].map(async (offset) => {
      const h = await startTicket(stack, ticketInput(project, { maxMatchTimeSeconds: 1 }));
      await new Promise((r) => setTimeout(r, offset));
      await h.signal(cancelTicketSignal, { reason: 'cancelled' }).catch(() => undefined);
      return h;
    }));
    for (const h of handles) {
      const result = await h.result();
      expect(['cancelled', 'timedOut']).toContain((result as { reason: string }).reason);
      expect(await h.query(ticketStatusQuery)).toEqual(result);
      const completions = (await h.fetchHistory()).events!.filter((e) => e.workflowExecutionCompletedEventAttributes);
      expect(completions).toHaveLength(1);
    }
  });

  it('when a ticket the API meant to put in line never reached a matcher (the API stopped in between), then it ends timedOut at its deadline instead of failing', async () => {
    const h = await startTicket(stack, ticketInput(project, { maxMatchTimeSeconds: 1, queued: true }));
    expect(await h.result()).toEqual({ status: 'failed', reason: 'timedOut' });
    expect((await h.describe()).status.name).toBe('COMPLETED');
  });

  it('when an older request claims the player after a newer one, then the older ticket cancels itself', async () => {
    const playerId = `test:${randomUUID()}`;
    const newer = await startTicket(stack, ticketInput(project, { playerId, requestedAt: Date.now() }));
    await searching(newer);
    const older = await startTicket(stack, ticketInput(project, { playerId, requestedAt: Date.now() - 60_000 }));
    expect(await older.result()).toEqual({ status: 'failed', reason: 'cancelled' });
    expect(await newer.query(ticketStatusQuery)).toEqual({ status: 'inProgress' });
    await newer.signal(cancelTicketSignal, { reason: 'cancelled' });
  });

  it('when the predecessor already ended, then the new ticket still starts searching', async () => {
    const playerId = `test:${randomUUID()}`;
    const first = await startTicket(stack, ticketInput(project, { playerId, maxMatchTimeSeconds: 1 }));
    await first.result();
    const second = ticketInput(project, { playerId, maxMatchTimeSeconds: 15 });
    const handle = await startTicket(stack, second);
    // Searching means standing in its bucket's matcher: a rival in the same bucket is then matched with it.
    const rival = await startTicket(stack, ticketInput(project, { matchTag: second.matchTag, maxMatchTimeSeconds: 15 }));
    const ends: TicketStatus[] = await Promise.all([handle.result(), rival.result()]);
    const sessionOf = (s: TicketStatus) => (s.status === 'matched' ? s.assignment.sessionId : s);
    expect(sessionOf(ends[0]!)).toEqual(expect.any(String));
    expect(sessionOf(ends[1]!)).toBe(sessionOf(ends[0]!));
  });

  it('when many tickets of one player claim at once, then exactly one is left searching', async () => {
    const playerId = `test:${randomUUID()}`;
    const base = Date.now();
    const handles = await Promise.all([0, 1, 2, 3, 4].map((i) => startTicket(stack, ticketInput(project, { playerId, requestedAt: base + i }))));
    const states = await eventually(
      () => Promise.all(handles.map((h) => h.query(ticketStatusQuery))),
      (s) => s.filter((x) => x.status === 'inProgress').length === 1,
    );
    expect(states.map((s) => s.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'inProgress']);
    await handles[4]!.signal(cancelTicketSignal, { reason: 'cancelled' });
  });
});
