import { REPORT_REFUSAL, submitReportUpdate } from '../../domain/matchmaking/contract';
import type { ResultReport } from '../../domain/matchmaking/settlement';
import { isGone, refusalOf } from '../../core/temporal';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

/**
 * Hands one result report to its session. Each reporter's first report counts: repeating it, or reporting to a
 * session that has ended, is accepted and changes nothing, as a replay should; a different second report is a
 * 409. Nothing refused reaches the session's history, so no flood of reports can exhaust it.
 */
export async function reportResult(deps: ApiDeps, sessionWorkflowId: string, teamCount: number, report: ResultReport): Promise<void> {
  if (report.ranks.length !== teamCount) {
    throw new ApiError('badRequest', `body.ranks: must hold one rank per team (${teamCount})`, [{ path: 'body.ranks', message: `must hold ${teamCount} ranks` }]);
  }
  if (report.ranks.some((r) => r >= teamCount)) {
    throw new ApiError('badRequest', `body.ranks: ranks go from 0 (first) to ${teamCount - 1}`, [{ path: 'body.ranks', message: `must be below ${teamCount}` }]);
  }
  try {
    await deps.temporal.workflow.getHandle(sessionWorkflowId).executeUpdate(submitReportUpdate, { args: [report] });
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal?.type === REPORT_REFUSAL.conflict) throw new ApiError('conflict', refusal.message);
    if (refusal?.type === REPORT_REFUSAL.notInSession) throw new ApiError('notFound', 'no such session for this reporter');
    if (refusal?.type === REPORT_REFUSAL.invalid) throw new ApiError('badRequest', `body.ranks: ${refusal.message}`);
    // Repeated, or the session has ended: nothing changes.
    if (refusal?.type === REPORT_REFUSAL.repeated || refusal?.type === REPORT_REFUSAL.ended || isGone(err)) return;
    throw err;
  }
}
