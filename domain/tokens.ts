import { EncryptJWT, jwtDecrypt } from 'jose';

/**
 * Client and match tokens: opaque to callers, encrypted (JWE, dir + A256GCM) and self-describing, so the API
 * answers without a database look-up. The `k` claim names the kind; a match token never passes as a client
 * token.
 */

export interface ClientClaims {
  projectId: string;
  playerId: string;
  name?: string;
}

export interface MatchClaims {
  projectId: string;
  playerId: string;
  ticketId: string;
  /** Epoch ms the ticket stops searching (absent in tokens sealed before v0.2). */
  deadline?: number;
}

/** A player's ticket into one session: reports results for it. */
export interface SessionClaims {
  projectId: string;
  playerId: string;
  sessionId: string;
  teamCount: number;
}

/** A dedicated server's credential for one session (COMPAT.md §1: the token is the credential). */
export interface ServerSessionClaims {
  projectId: string;
  sessionId: string;
  teamCount: number;
}

/** A player's ticket into one paid match: the game checks it with token-info (COMPAT.md §3). */
export interface PaidMatchClaims {
  projectId: string;
  playerId: string;
  matchId: string;
}

type Kind = 'client' | 'match' | 'session' | 'serverSession' | 'paidMatch';

export class TokenSealer {
  private readonly key: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('token key must be 32 bytes');
    this.key = key;
  }

  sealClient(c: ClientClaims, ttlSeconds: number): Promise<string> {
    return this.seal('client', { p: c.projectId, s: c.playerId, n: c.name }, ttlSeconds);
  }

  async openClient(token: string): Promise<ClientClaims | undefined> {
    const c = await this.open('client', token);
    if (!c || typeof c.p !== 'string' || typeof c.s !== 'string') return undefined;
    return { projectId: c.p, playerId: c.s, name: typeof c.n === 'string' ? c.n : undefined };
  }

  sealMatch(c: MatchClaims, ttlSeconds: number): Promise<string> {
    return this.seal('match', { p: c.projectId, s: c.playerId, t: c.ticketId, d: c.deadline }, ttlSeconds);
  }

  async openMatch(token: string): Promise<MatchClaims | undefined> {
    const c = await this.open('match', token);
    if (!c || typeof c.p !== 'string' || typeof c.s !== 'string' || typeof c.t !== 'string') return undefined;
    return { projectId: c.p, playerId: c.s, ticketId: c.t, deadline: typeof c.d === 'number' ? c.d : undefined };
  }

  sealSession(c: SessionClaims, ttlSeconds: number): Promise<string> {
    return this.seal('session', { p: c.projectId, s: c.playerId, x: c.sessionId, c: c.teamCount }, ttlSeconds);
  }

  async openSession(token: string): Promise<SessionClaims | undefined> {
    const c = await this.open('session', token);
    if (!c || typeof c.p !== 'string' || typeof c.s !== 'string' || typeof c.x !== 'string' || typeof c.c !== 'number') return undefined;
    return { projectId: c.p, playerId: c.s, sessionId: c.x, teamCount: c.c };
  }

  sealServerSession(c: ServerSessionClaims, ttlSeconds: number): Promise<string> {
    return this.seal('serverSession', { p: c.projectId, x: c.sessionId, c: c.teamCount }, ttlSeconds);
  }

  async openServerSession(token: string): Promise<ServerSessionClaims | undefined> {
    const c = await this.open('serverSession', token);
    if (!c || typeof c.p !== 'string' || typeof c.x !== 'string' || typeof c.c !== 'number') return undefined;
    return { projectId: c.p, sessionId: c.x, teamCount: c.c };
  }

  sealPaidMatch(c: PaidMatchClaims, ttlSeconds: number): Promise<string> {
    return this.seal('paidMatch', { p: c.projectId, s: c.playerId, m: c.matchId }, ttlSeconds);
  }

  async openPaidMatch(token: string): Promise<PaidMatchClaims | undefined> {
    const c = await this.open('paidMatch', token);
    if (!c || typeof c.p !== 'string' || typeof c.s !== 'string' || typeof c.m !== 'string') return undefined;
    return { projectId: c.p, playerId: c.s, matchId: c.m };
  }

  private seal(kind: Kind, claims: Record<string, unknown>, ttlSeconds: number): Promise<string> {
    return new EncryptJWT({ ...claims, k: kind })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .encrypt(this.key);
  }

  /** Any tampered, expired, foreign or malformed token reads as undefined: callers answer 401 or notFound. */
  private async open(kind: Kind, token: string): Promise<Record<string, unknown> | undefined> {
    if (token.length > 4096) return undefined;
    try {
      // A token that never expires is refused, whoever sealed it.
      const { payload } = await jwtDecrypt(token, this.key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'], requiredClaims: ['exp'] });
      return payload.k === kind ? payload : undefined;
    } catch {
      return undefined;
    }
  }
}
