/** Workflow ids and task queues: one helper each way, so ids never get spelled by hand. */

export const DEFAULT_TASK_QUEUE = 'matchflow';

export function ticketWorkflowId(projectId: string, ticketId: string): string {
  return `ticket/${projectId}/${ticketId}`;
}


/** Player ids are scoped by the backend that vouched for them, so a Steam id can never pose as a test id. */
export type AuthBackend = 'test' | 'itch' | 'steam';

export function playerId(backend: AuthBackend, externalId: string): string {
  return `${backend}:${externalId}`;
}
