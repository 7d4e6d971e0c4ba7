import { randomUUID } from 'node:crypto';
import { claimPlayerTicket } from '../../db/matchmaking/player-tickets';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());

describe('a player\'s current ticket', () => {
  it('when a claim is retried (an activity delivered twice), then it answers the same and changes nothing', async () => {
    const { id: projectId } = await stack.createProject();
    const playerId = `test:${randomUUID()}`;
    const a = { projectId, playerId, ticketId: 'a', requestedAt: 1000 };
    const b = { projectId, playerId, ticketId: 'b', requestedAt: 2000 };
    expect(await claimPlayerTicket(stack.db, a)).toEqual({});
    expect(await claimPlayerTicket(stack.db, b)).toEqual({ previousTicketId: 'a' });
    expect(await claimPlayerTicket(stack.db, b)).toEqual({ previousTicketId: 'a' });
    expect(await claimPlayerTicket(stack.db, a)).toEqual({ supersededBy: 'b' });
  });
});
