import { submitReport } from '../../core/matchmaking/results';
import { rankProblem, type ResultReport } from '../../domain/matchmaking/settlement';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

/** A client's or server's result report: its ranks checked against the session's teams, then handed to the session. */
export async function reportResult(deps: ApiDeps, sessionWorkflowId: string, teamCount: number, report: ResultReport): Promise<void> {
  const problem = rankProblem(report.ranks, teamCount);
  if (problem) throw new ApiError('badRequest', `body.ranks: ${problem.message}`, [{ path: 'body.ranks', message: problem.short }]);
  await submitReport(deps, sessionWorkflowId, report);
}
