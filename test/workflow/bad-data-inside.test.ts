import { bucketOf } from '../../domain/matchmaking/buckets';
import { enqueueTicketSignal, matcherWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { TicketState } from '../../domain/search-attributes';
import { eventually } from '../helpers/http';
import { startTicket, ticketInput } from '../helpers/matchmaking';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(() => stack.stop());

/**
 * The edge refuses bad text (test/api/bad-text.test.ts); these put it straight into workflows, as a bug would,
 * to show that what the database refuses for good fails its own ticket at once and wedges nobody else.
 */
describe('data the database refuses, past the edge', () => {
  it('when a ticket carries a player id with a NUL, then it fails internalError at once (no retries forever), findable by TicketState', async () => {
    const started = Date.now();
    const h = await startTicket(stack, ticketInput(project, { playerId: 'test:bad\u0000id', maxMatchTimeSeconds: 600 }));
    expect(await h.result()).toEqual({ status: 'failed', reason: 'internalError' });
    expect(Date.now() - started).toBeLessThan(30_000);
    const described = await h.describe();
    expect(described.typedSearchAttributes.get(TicketState)).toBe('internalError');
  });

  it('when a matcher groups a refused ticket with a real one, then that group is told internalError and the bucket goes on matching', async () => {
    const matchTag = `refused-${Date.now()}`;
    const first = ticketInput(project, { matchTag, maxMatchTimeSeconds: 60 });
    const real = await startTicket(stack, first);
    const matcher = stack.temporal.workflow.getHandle(matcherWorkflowId(project.id, bucketOf({ teamSizes: [1, 1], matchTag }).bucketId));
    await eventually(() => matcher.describe().then(() => true, () => false), Boolean);
    // As if a bug let it through: a queue entry whose player id the sessions table cannot hold.
    await matcher.signal(enqueueTicketSignal, { ticketId: 'refused-ticket', playerId: 'test:\u0000', rating: 1500, enqueuedAt: 0 });
    expect(await real.result()).toEqual({ status: 'failed', reason: 'internalError' });

    const [a, b] = [ticketInput(project, { matchTag }), ticketInput(project, { matchTag })];
    const [ha, hb] = [await startTicket(stack, a), await startTicket(stack, b)];
    const [ra, rb] = await Promise.all([ha.result(), hb.result()]);
    expect([ra.status, rb.status]).toEqual(['matched', 'matched']);
  });
});
