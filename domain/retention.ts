/** The retention job's contract: what the schedule passes its workflow each run. */
export interface RetentionInput {
  ticketRetentionHours: number;
  sessionRetentionDays: number;
  /** A ticket's info is shown while its session is live: kept at least a ticket's longest search plus this. */
  sessionResultDeadlineSeconds?: number;
}

/** One schedule per task queue (its workers' database), visible in the Web UI under Schedules. */
export function retentionScheduleId(taskQueue: string): string {
  return `retention/${taskQueue}`;
}
