import type { SessionRecord } from '../../db/matchmaking/sessions';
import type { Assignment } from '../../domain/matchmaking/contract';
import { peerView, SERVER_PARTICIPANT } from '../../domain/matchmaking/peer-tickets';
import type { ApiDeps } from '../deps';

/** Tokens outlive the result deadline by a day, so late readers still get an answer, not a 401. */
const sessionTokenTtl = (deps: ApiDeps) => deps.config.SESSION_RESULT_DEADLINE_SECONDS + 86_400;

/** A matched ticket as the player sees it (COMPAT.md §1): tokens and peer tickets derived now, never stored. */
export async function playerSessionView(deps: ApiDeps, projectId: string, s: SessionRecord, a: Assignment) {
  const me = s.teams[a.teamIndex]![a.mateIndex]!.playerId;
  const peer = (other: string) => peerView(deps.peerSecret, s.sessionId, me, other);
  return {
    externalSessionId: s.sessionId,
    sessionToken: await deps.sealer.sealSession({ projectId, playerId: me, sessionId: s.sessionId, teamCount: s.teams.length }, sessionTokenTtl(deps)),
    teams: s.teams.map((team) => team.map((m) => ({ info: m.info ?? null, ...peer(m.playerId) }))),
    teamIndex: a.teamIndex,
    mateIndex: a.mateIndex,
    server: s.server ? { info: s.server.info ?? null, ...peer(SERVER_PARTICIPANT) } : null,
  };
}

/** A session as its dedicated server sees it: its own credential and every player's tickets toward it. */
export async function serverSessionView(deps: ApiDeps, projectId: string, s: SessionRecord) {
  return {
    externalSessionId: s.sessionId,
    serverSessionToken: await deps.sealer.sealServerSession({ projectId, sessionId: s.sessionId, teamCount: s.teams.length }, sessionTokenTtl(deps)),
    teams: s.teams.map((team) => team.map((m) => ({ info: m.info ?? null, ...peerView(deps.peerSecret, s.sessionId, SERVER_PARTICIPANT, m.playerId) }))),
    matchTag: s.matchTag ?? null,
    serverTag: s.serverTag ?? null,
  };
}
