import type { Project } from '../domain/projects';
import { requestJson } from './http';
import { login, pollUntilMatched, reportResult, type MatchFigures } from './players';

/** Steady lobbies: each owns a bucket and plays round after round, with and without a dedicated server. */
const VARIANTS = [
  { name: '1v1', teamSizes: [1, 1], server: false },
  { name: '2v2', teamSizes: [2, 2], server: false },
  { name: '1v1+server', teamSizes: [1, 1], server: true },
  { name: '2v2+server', teamSizes: [2, 2], server: true },
];

export const LOBBY_VARIANTS = VARIANTS.map((v) => v.name);

export interface LobbyWindow {
  measuredFrom: number;
  end: number;
  pollMs: number;
}

/** One lobby: the same bucket round after round, each round one full group. */
export async function runLobby(api: string, project: Project, i: number, window: LobbyWindow, f: MatchFigures): Promise<void> {
  const variant = VARIANTS[i % VARIANTS.length]!;
  const size = variant.teamSizes.reduce((a, b) => a + b, 0);
  const players = await Promise.all(Array.from({ length: size }, (_, seat) => login(api, project, `l${i}s${seat}`)));
  const serverTag = variant.server ? `lobby-${i}` : undefined;
  while (Date.now() < window.end) {
    try {
      if (serverTag) await requestJson(`${api}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, name: `srv-${i}`, serverTag, timeout: 60 } });
      const matchTokens = await Promise.all(players.map((t) => requestJson(`${api}/v1a/client/match`, { token: t, body: { teamSizes: variant.teamSizes, maxMatchTime: 60, matchTag: `lobby-${i}`, serverTag } })));
      const complete = Date.now();
      const sessions = await Promise.all(players.map((t, p) => pollUntilMatched(api, t, matchTokens[p].matchToken as string, window.pollMs, f)));
      const matched = Date.now();
      f.matchedTickets += players.length;
      if (complete >= window.measuredFrom && matched <= window.end) {
        f.groupLatencies.push(matched - complete);
        f.measuredTickets += players.length;
      }
      await Promise.all(players.map((t, p) => reportResult(api, t, sessions[p], variant.teamSizes.length)));
      // A server's report is the one that settles its sessions.
      if (serverTag) await reportAsServer(api, project, `srv-${i}`, variant.teamSizes.length);
    } catch (err) {
      f.errors++;
      if (f.errors < 5) process.stderr.write(`\nlobby ${i}: ${String(err)}\n`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function reportAsServer(api: string, project: Project, name: string, teamCount: number): Promise<void> {
  const credentials = { projectId: project.id, projectServerToken: project.serverToken, name };
  const { sessions } = await requestJson(`${api}/v1a/server/match/sessions`, { body: credentials });
  const ranks = Array.from({ length: teamCount }, (_, k) => k);
  for (const s of sessions as { serverSessionToken: string }[]) {
    await requestJson(`${api}/v1a/server/session/${s.serverSessionToken}/result`, { body: { status: 'finished', ranks } });
  }
}
