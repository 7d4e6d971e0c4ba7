import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { msToTs } from '@temporalio/common/lib/time';
import type { Logger } from '../core/log';
import { retentionScheduleId, type RetentionInput } from '../domain/retention';

export interface RetentionSettings extends RetentionInput {
  /** 0: no schedule (the job is someone else's, or off). */
  intervalMinutes: number;
}

/**
 * The retention job is a Temporal schedule, one per task queue: it runs once however many workers there are,
 * an operator sees and pauses it in the Web UI, and a changed setting reaches it at the next worker start.
 */
export async function ensureRetentionSchedule(client: Client, taskQueue: string, s: RetentionSettings, log: Logger): Promise<void> {
  if (s.intervalMinutes === 0) return;
  const scheduleId = retentionScheduleId(taskQueue);
  const input: RetentionInput = { ticketRetentionHours: s.ticketRetentionHours, sessionRetentionDays: s.sessionRetentionDays, sessionResultDeadlineSeconds: s.sessionResultDeadlineSeconds };
  const spec = { intervals: [{ every: s.intervalMinutes * 60_000 }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'retentionWorkflow', taskQueue, args: [input], workflowId: `retention-run/${taskQueue}` };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
    log.info({ scheduleId, everyMinutes: s.intervalMinutes }, 'retention schedule created');
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}

/** Sets how long Temporal keeps closed workflows, so their histories (and the Web UI's view of them) are bounded too. */
export async function ensureNamespaceRetention(connection: NativeConnection, namespace: string, hours: number, log: Logger): Promise<void> {
  if (hours === 0) return;
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
    if (current === hours * 3600) return;
    await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msToTs(hours * 3600_000) } });
    log.info({ namespace, hours, previousHours: current / 3600 }, 'namespace retention set');
  } catch (err) {
    // Temporal Cloud and locked-down clusters manage namespaces themselves: say so, and go on.
    log.warn({ namespace, err: String(err) }, 'could not set the namespace retention; set it yourself (see README)');
  }
}
