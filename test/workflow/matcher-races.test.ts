import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  claimServerUpdate, enqueueTicketSignal, matcherStateQuery, matcherWorkflowId, registerServerSignal, serverWorkflowId,
  withdrawTicketSignal, type QueueEntry, type TicketInput,
} from '../../domain/matchmaking/contract';
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

// Each race's ticket waits a minute: the race, not its deadline, decides it.
const raceTicket = () => ticketInput(project, { maxMatchTimeSeconds: 60 });

const matcherOf = (input: TicketInput) => stack.temporal.workflow.getHandle(matcherWorkflowId(project.id, input.bucketId));
/** Waits until the ticket stands in its matcher's queue (the matcher may not exist yet on the first look). */
const queued = (input: TicketInput) =>
  eventually(() => matcherOf(input).query(matcherStateQuery).catch(() => ({ queue: [] as QueueEntry[] })), (s) => s.queue.some((t) => t.ticketId === input.ticketId));
/** Another player's enqueue, as the enqueue activity would deliver it. */
const entryFor = (ticketId: string): QueueEntry => ({ ticketId, playerId: `test:${ticketId}`, rating: 1500, enqueuedAt: 0 });

describe('matcher races, resolved in one workflow task', () => {
  it('when a cancel and the enqueue that would complete the group reach the matcher together, then the cancel wins', async () => {
    const a = raceTicket();
    const ticket = await startTicket(stack, a);
    await queued(a);
    const resume = await pauseWorker(stack);
    await matcherOf(a).signal(enqueueTicketSignal, entryFor('rival'));
    await matcherOf(a).signal(withdrawTicketSignal, { ticketId: a.ticketId, why: 'cancelled' });
    await resume();
    expect(await ticket.result()).toEqual({ status: 'failed', reason: 'cancelled' });
    expect((await matcherOf(a).query(matcherStateQuery)).queue.map((t) => t.ticketId)).toEqual(['rival']);
  });

  it('when the deadline and the group-completing enqueue reach the matcher together, then the ticket times out and nobody is matched', async () => {
    const a = raceTicket();
    const ticket = await startTicket(stack, a);
    await queued(a);
    const resume = await pauseWorker(stack);
    const rival = `late-rival-${randomUUID()}`;
    await matcherOf(a).signal(enqueueTicketSignal, entryFor(rival));
    await matcherOf(a).signal(withdrawTicketSignal, { ticketId: a.ticketId, why: 'deadline' });
    await resume();
    expect(await ticket.result()).toEqual({ status: 'failed', reason: 'timedOut' });
    // The rival still waits, unmatched, and no session of this bucket was ever started.
    const state = await matcherOf(a).query(matcherStateQuery);
    expect([state.queue.map((t) => t.ticketId), state.waiting, state.unannounced?.sessions ?? []]).toEqual([[rival], [], []]);
    expect(await stack.db.selectFrom('sessions').select('id').where('match_tag', '=', a.matchTag!).execute()).toEqual([]);
  });

  it('when an enqueue is delivered twice, or again after the ticket was answered, then the ticket is never queued twice', async () => {
    const a = raceTicket();
    const ticket = await startTicket(stack, a);
    await queued(a);
    const again: QueueEntry = { ticketId: a.ticketId, playerId: a.playerId, rating: 1500, enqueuedAt: 0 };
    await matcherOf(a).signal(enqueueTicketSignal, again);
    expect((await matcherOf(a).query(matcherStateQuery)).queue.filter((t) => t.ticketId === a.ticketId)).toHaveLength(1);
    await matcherOf(a).signal(withdrawTicketSignal, { ticketId: a.ticketId, why: 'cancelled' });
    await ticket.result();
    await matcherOf(a).signal(enqueueTicketSignal, again);
    await matcherOf(a).signal(enqueueTicketSignal, entryFor('someone'));
    const state = await matcherOf(a).query(matcherStateQuery);
    expect(state.queue.map((t) => t.ticketId)).toEqual(['someone']);
  });

  it('when a server registration expires while a claim for it is in flight, then the claim is refused', async () => {
    const name = `expiring-${randomUUID().slice(0, 6)}`;
    const server = await stack.temporal.workflow.signalWithStart('serverWorkflow', {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: serverWorkflowId(project.id, name), args: [{ projectId: project.id, name }],
      signal: registerServerSignal, signalArgs: [{ serverTag: 'x', timeoutSeconds: 2 }],
    });
    await eventually(() => stack.db.selectFrom('servers').select('state').where('name', '=', name).executeTakeFirst(), (r) => r?.state === 'available');
    const resume = await pauseWorker(stack);
    await eventually(async () => (await server.fetchHistory()).events!.some((e) => e.timerFiredEventAttributes), Boolean, 10_000);
    const claim = server.executeUpdate(claimServerUpdate, { args: [{ sessionId: 's-1' }], updateId: 'claim-s-1' });
    await new Promise((r) => setTimeout(r, 300));
    await resume();
    await expect(claim).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await server.result()).toBe('expired');
    const row = await stack.db.selectFrom('servers').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    expect([row.state, row.session_id]).toEqual(['gone', null]);
  });

  it('when a claim is retried with the same session, then the server answers yes again and is consumed once', async () => {
    const name = `retried-${randomUUID().slice(0, 6)}`;
    const server = await stack.temporal.workflow.signalWithStart('serverWorkflow', {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: serverWorkflowId(project.id, name), args: [{ projectId: project.id, name }],
      signal: registerServerSignal, signalArgs: [{ serverTag: 'y', info: { n: 1 }, timeoutSeconds: 30 }],
    });
    const first = await server.executeUpdate(claimServerUpdate, { args: [{ sessionId: 's-2' }], updateId: 'claim-s-2' });
    const retried = await server.executeUpdate(claimServerUpdate, { args: [{ sessionId: 's-2' }], updateId: 'claim-s-2' });
    expect(retried).toEqual(first);
    await expect(server.executeUpdate(claimServerUpdate, { args: [{ sessionId: 's-3' }], updateId: 'claim-s-3' })).rejects.toThrow();
    expect(await server.result()).toBe('consumed');
  });
});
