import { condition, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { reportResultSignal, sessionViewQuery, type SessionInput, type SessionState as State, type SessionView } from '../domain/matchmaking';
import { SessionState } from '../domain/search-attributes';
import { settle, validRanks, type ResultReport, type Settlement } from '../domain/settlement';

const { recordSettlement } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds' },
});

/**
 * A game session: collects results from its players and server until the settlement rules decide or the
 * deadline forces them, then records the outcome and the rating change (exactly once, in the database).
 */
export async function sessionWorkflow(input: SessionInput): Promise<SessionView> {
  const reports: ResultReport[] = [];
  let view: SessionView = { state: 'live' };
  setHandler(sessionViewQuery, () => view);
  setHandler(reportResultSignal, (r) => {
    if (view.state === 'live' && validRanks(r.ranks, input.teamSizes.length)) reports.push(r);
  });

  // The matcher recorded this session before starting it (so its server lists it at once).
  const players = input.teams.flat().map((m) => m.playerId);
  const deadline = Date.now() + input.resultDeadlineSeconds * 1000;
  let settlement: Settlement | undefined;
  while (!settlement) {
    const seen = reports.length;
    const remaining = deadline - Date.now();
    const gotReport = remaining > 0 && (await condition(() => reports.length > seen, remaining));
    settlement = settle({ hasServer: input.server !== null, players, reports, deadlinePassed: !gotReport && Date.now() >= deadline });
  }

  view = { state: stateOf(settlement), settlement };
  await recordSettlement({ projectId: input.projectId, sessionId: input.sessionId, settlement });
  upsertSearchAttributes([{ key: SessionState, value: view.state }]);
  return view;
}

function stateOf(s: Settlement): State {
  if (s.outcome !== 'settled') return s.outcome;
  return s.status === 'cancelled' ? 'cancelled' : 'settled';
}
