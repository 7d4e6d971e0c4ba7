import { createHmac } from 'node:crypto';

/**
 * Peer tickets (COMPAT.md §1): T(a→b) is what participant a presents to b to prove who it is. Derived, never
 * stored: an HMAC under a server secret of (session, a, b), 128 bits, URL-safe. Participants are player ids and
 * the literal `server`.
 */
export const SERVER_PARTICIPANT = 'server';

export function peerTicket(secret: Uint8Array, sessionId: string, from: string, to: string): string {
  // Length-prefixed fields: no choice of ids can make two different triples hash the same text.
  const text = [sessionId, from, to].map((f) => `${f.length}:${f}`).join('|');
  return createHmac('sha256', secret).update(text).digest().subarray(0, 16).toString('base64url');
}

export interface PeerView {
  ourTicket: string | null;
  theirTicket: string | null;
}

/** How `viewer` sees `other`: what it presents (ours) and what it should be shown (theirs); null for itself. */
export function peerView(secret: Uint8Array, sessionId: string, viewer: string, other: string): PeerView {
  if (viewer === other) return { ourTicket: null, theirTicket: null };
  return { ourTicket: peerTicket(secret, sessionId, viewer, other), theirTicket: peerTicket(secret, sessionId, other, viewer) };
}
