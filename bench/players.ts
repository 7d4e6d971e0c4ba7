import type { Project } from '../domain/projects';
import { requestJson } from './http';

/** What a matchmaking scenario measured. */
export interface MatchFigures {
  /** Every ticket matched during the scenario (the Temporal work is divided by this). */
  matchedTickets: number;
  /** Tickets matched inside the measured window (the throughput figure counts these). */
  measuredTickets: number;
  /** Per group: from its last member's request answered to its last member reading `matched`. */
  groupLatencies: number[];
  pollLatencies: number[];
  errors: number;
  /** The span tickets matched per second is measured over. */
  spanSeconds: number;
}

export const noFigures = (): MatchFigures => ({ matchedTickets: 0, measuredTickets: 0, groupLatencies: [], pollLatencies: [], errors: 0, spanSeconds: 0 });

/** Polls the ticket until it is matched; a ticket that ends otherwise throws. Answers the player's session. */
export async function pollUntilMatched(api: string, token: string, matchToken: string, pollMs: number, f: MatchFigures): Promise<any> {
  for (;;) {
    const t0 = performance.now();
    const res = await fetch(`${api}/v1a/client/match/${matchToken}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as any;
    f.pollLatencies.push(performance.now() - t0);
    if (body.status === 'matched') return body.session;
    if (body.status !== 'inProgress') throw new Error(`ticket ended ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Every player reports team 0 first, so sessions settle at once and ratings move. */
export async function reportResult(api: string, token: string, session: any, teamCount: number): Promise<void> {
  await requestJson(`${api}/v1a/client/session/${session.sessionToken}/result`, { token, body: { status: 'finished', ranks: Array.from({ length: teamCount }, (_, k) => k) } });
}

/** A test player's client token; a refused login stops the run (an undefined token would only fail later, unnamed). */
export async function login(api: string, project: Project, id: string): Promise<string> {
  const res = await requestJson(`${api}/v1a/client/auth`, { body: { projectId: project.id, auth: { testKey: project.testKey, testId: id } } });
  if (res.status !== 'authenticated') throw new Error(`bench login of ${id} refused: ${JSON.stringify(res)}`);
  return res.clientToken as string;
}
