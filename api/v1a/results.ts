import { signalIfRunning } from '../../domain/temporal-errors';
import { reportResultSignal } from '../../domain/matchmaking';
import type { ResultReport } from '../../domain/settlement';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

/**
 * Hands one result report to its session. A session that already ended answers nothing new: the report is
 * accepted and changes nothing, as a replay should.
 */
export async function reportResult(deps: ApiDeps, sessionWorkflowId: string, teamCount: number, report: ResultReport): Promise<void> {
  if (report.ranks.length !== teamCount) {
    throw new ApiError('badRequest', `body.ranks: must hold one rank per team (${teamCount})`, [{ path: 'body.ranks', message: `must hold ${teamCount} ranks` }]);
  }
  if (report.ranks.some((r) => r >= teamCount)) {
    throw new ApiError('badRequest', `body.ranks: ranks go from 0 (first) to ${teamCount - 1}`, [{ path: 'body.ranks', message: `must be below ${teamCount}` }]);
  }
  await signalIfRunning(deps.temporal.workflow.getHandle(sessionWorkflowId), reportResultSignal, report);
}
