import { REPORT_REFUSAL, submitReportUpdate } from '../../domain/matchmaking/contract';
import type { ResultReport } from '../../domain/matchmaking/settlement';
import type { CoreDeps } from '../deps';
import { Refused } from '../errors';
import { refusalOf, unanswered } from '../temporal';

/**
 * Hands one result report to its session. Each reporter's first report counts: repeating it, or reporting to a
 * session that has ended, is accepted and changes nothing, as a replay should; a different second report is a
 * conflict. Nothing refused reaches the session's history, so no flood of reports can exhaust it.
 */
export async function submitReport(deps: Pick<CoreDeps, 'temporal'>, sessionWorkflowId: string, report: ResultReport): Promise<void> {
  try {
    await deps.temporal.workflow.getHandle(sessionWorkflowId).executeUpdate(submitReportUpdate, { args: [report] });
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal?.type === REPORT_REFUSAL.conflict) throw new Refused('conflict', refusal.message);
    if (refusal?.type === REPORT_REFUSAL.notInSession) throw new Refused('notFound', 'no such session for this reporter');
    if (refusal?.type === REPORT_REFUSAL.invalid) throw new Refused('invalid', `ranks: ${refusal.message}`, [{ path: 'ranks', message: refusal.message }]);
    // Repeated, or the session has ended (any other refusal, from a worker older than these types, too): nothing changes.
    if (refusal || unanswered(err)) return;
    throw err;
  }
}
