import type { Project } from '../domain/projects';
import { requestJson } from './http';
import { login } from './players';
import { pollUntilMatched, reportResult, type MatchFigures } from './players';

export interface Burst {
  players: number;
  /** Requests arrive spread evenly at random over this many seconds. */
  seconds: number;
  buckets: number;
  pollMs: number;
}

/**
 * `players` players log in, then ask for `[1,1]` at random moments within `seconds`, spread round-robin over
 * `buckets` buckets; each polls until matched and reports the result. A group is complete when its last member's
 * request has answered, matched when its last member has read `matched`.
 */
export async function runBurst(api: string, project: Project, burst: Burst, f: MatchFigures): Promise<void> {
  const tokens = await Promise.all(Array.from({ length: burst.players }, (_, i) => login(api, project, `b${i}`)));
  const groups = new Map<string, { complete: number; matched: number }>();
  const start = Date.now();
  let lastMatched = start;
  await Promise.all(tokens.map(async (token, i) => {
    await new Promise((r) => setTimeout(r, Math.random() * burst.seconds * 1000));
    try {
      const body = { teamSizes: [1, 1], maxMatchTime: 300, matchTag: `burst-${i % burst.buckets}` };
      const { matchToken } = await requestJson(`${api}/v1a/client/match`, { token, body });
      const asked = Date.now();
      const session = await pollUntilMatched(api, token, matchToken as string, burst.pollMs, f);
      const group = groups.get(session.externalSessionId) ?? { complete: 0, matched: 0 };
      group.complete = Math.max(group.complete, asked);
      group.matched = Math.max(group.matched, Date.now());
      lastMatched = Math.max(lastMatched, Date.now());
      groups.set(session.externalSessionId, group);
      f.matchedTickets++;
      f.measuredTickets++;
      await reportResult(api, token, session, 2);
    } catch (err) {
      f.errors++;
      if (f.errors < 5) process.stderr.write(`\nburst player ${i}: ${String(err)}\n`);
    }
  }));
  // From the first moment a request could arrive to the last player reading `matched`.
  f.spanSeconds = (lastMatched - start) / 1000;
  for (const g of groups.values()) f.groupLatencies.push(g.matched - g.complete);
}
