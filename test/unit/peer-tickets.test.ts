import { randomBytes } from 'node:crypto';
import { peerTicket, peerView, SERVER_PARTICIPANT } from '../../domain/matchmaking/peer-tickets';

const secret = randomBytes(32);
const participants = ['steam:1', 'steam:2', 'test:alice', SERVER_PARTICIPANT];

describe('peer tickets', () => {
  it('when a sees b and b sees a, then a\'s ourTicket is exactly b\'s theirTicket, for every pair including the server', () => {
    for (const a of participants) {
      for (const b of participants) {
        if (a === b) continue;
        expect(peerView(secret, 's1', a, b).ourTicket).toBe(peerView(secret, 's1', b, a).theirTicket);
        expect(peerView(secret, 's1', a, b).ourTicket).not.toBe(peerView(secret, 's1', a, b).theirTicket);
      }
    }
  });

  it('when a participant looks at itself, then both tickets are null', () => {
    expect(peerView(secret, 's1', 'test:alice', 'test:alice')).toEqual({ ourTicket: null, theirTicket: null });
  });

  it('when derived, then a ticket is 128 bits, URL-safe, stable, and changes with the session, the pair or the secret', () => {
    const t = peerTicket(secret, 's1', 'a', 'b');
    expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(t, 'base64url')).toHaveLength(16);
    expect(peerTicket(secret, 's1', 'a', 'b')).toBe(t);
    expect(new Set([t, peerTicket(secret, 's2', 'a', 'b'), peerTicket(secret, 's1', 'b', 'a'), peerTicket(randomBytes(32), 's1', 'a', 'b')]).size).toBe(4);
  });

  it('when ids are chosen to collide as plain concatenations, then the tickets still differ', () => {
    expect(peerTicket(secret, 's', 'ab', 'c')).not.toBe(peerTicket(secret, 's', 'a', 'bc'));
    expect(peerTicket(secret, 's|a', 'b', 'c')).not.toBe(peerTicket(secret, 's', 'a|b', 'c'));
  });
});
