/** Workflow ids and task queues: one helper each way, so ids never get spelled by hand. */

export const DEFAULT_TASK_QUEUE = 'matchflow';

export function ticketWorkflowId(projectId: string, ticketId: string): string {
  return `ticket/${projectId}/${ticketId}`;
}

export function parseTicketWorkflowId(workflowId: string): { projectId: string; ticketId: string } | undefined {
  const m = /^ticket\/([^/]+)\/([^/]+)$/.exec(workflowId);
  return m ? { projectId: m[1]!, ticketId: m[2]! } : undefined;
}

/** Player ids are scoped by the backend that vouched for them, so a Steam id can never pose as a test id. */
export type AuthBackend = 'test' | 'itch' | 'steam';

export function playerId(backend: AuthBackend, externalId: string): string {
  return `${backend}:${externalId}`;
}
