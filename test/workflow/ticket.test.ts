import { randomUUID } from 'node:crypto';
import { claimPlayerTicket } from '../../db/player-tickets';
import { cancelTicketSignal, ticketStatusQuery } from '../../domain/messages';
import type { Project } from '../../domain/projects';
import type { TicketStatus } from '../../domain/tickets';
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
    await eventually(async () => (await h.fetchHistory()).events!.some((e) => e.timerFiredEventAttributes), Boolean, 10_000);
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
    const second = await startTicket(stack, ticketInput(project, { playerId }));
    expect(await searching(second)).toEqual({ status: 'inProgress' });
    await second.signal(cancelTicketSignal, { reason: 'cancelled' });
  });

  it('when a claim is retried (an activity delivered twice), then it answers the same and changes nothing', async () => {
    const playerId = `test:${randomUUID()}`;
    const a = { projectId: project.id, playerId, ticketId: 'a', requestedAt: 1000 };
    const b = { projectId: project.id, playerId, ticketId: 'b', requestedAt: 2000 };
    expect(await claimPlayerTicket(stack.db, a)).toEqual({});
    expect(await claimPlayerTicket(stack.db, b)).toEqual({ previousTicketId: 'a' });
    expect(await claimPlayerTicket(stack.db, b)).toEqual({ previousTicketId: 'a' });
    expect(await claimPlayerTicket(stack.db, a)).toEqual({ supersededBy: 'b' });
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
