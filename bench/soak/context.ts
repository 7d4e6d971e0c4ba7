import { randomUUID } from 'node:crypto';
import type { Project } from '../../domain/projects';
import type { FakeGameBackend } from '../../test/fakes/game-backend';
import { sleep } from './processes';
import type { Answer, Send, Surface, Traffic } from './traffic';

/** What every driver of the soak shares: the traffic counter, the projects, and what it made (for the audit). */
export interface Soak {
  traffic: Traffic;
  project: Project;
  paidGame: { project: Project; backend: FakeGameBackend };
  adminToken: string;
  running(): boolean;
  made: { tickets: { token: string; matchToken: string; ip: string }[]; paidMatches: Set<string>; hostEndpoints: Set<string> };
}

let playerNumber = 0;
/** A player of its own: a fresh test id and a private address of its own (so limits tell players and attackers apart). */
export function newPlayerIdentity(): { testId: string; ip: string } {
  const n = ++playerNumber;
  return { testId: `soak-${n}-${randomUUID().slice(0, 6)}`, ip: `10.${(n >> 8) & 255}.${n & 255}.1` };
}

/**
 * Sends until the answer is one of `accepted`, as a client would through an outage (no answer, 503 or 429:
 * send again), for at most `maxMs`. Undefined when it never was.
 */
export async function persist(soak: Soak, surface: Surface, path: string, s: Send, accepted: (a: Answer) => boolean, maxMs = 60_000): Promise<Answer | undefined> {
  const giveUp = Date.now() + maxMs;
  do {
    const answer = await soak.traffic.send(surface, path, s);
    if (answer && accepted(answer)) return answer;
    await sleep(300 + Math.random() * 400);
  } while (Date.now() < giveUp);
  return undefined;
}

export async function login(soak: Soak, project: Project, who = newPlayerIdentity()): Promise<{ token: string; id: string; ip: string } | undefined> {
  const answer = await persist(soak, 'v1a', '/v1a/client/auth', { ip: who.ip, body: { projectId: project.id, auth: { testKey: project.testKey, testId: who.testId } } },
    (a) => a.status === 200 && a.body?.status === 'authenticated');
  return answer && { token: answer.body.clientToken as string, id: `test:${who.testId}`, ip: who.ip };
}

/** Where each team finished, the same for every reporter of a session (so reports agree). */
export function ranksFor(sessionId: string): number[] {
  return sessionId.charCodeAt(0) % 2 ? [0, 1] : [1, 0];
}
