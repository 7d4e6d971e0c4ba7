/**
 * The kernel's naming rules: the task queue, workflow ids, player ids. Each feature's contract
 * (`domain/<feature>/contract.ts`) names its own workflows through these, one helper each way.
 */

/** The task queue every Matchflow workflow and activity runs on, unless `TEMPORAL_TASK_QUEUE` says otherwise. */
export const DEFAULT_TASK_QUEUE = 'matchflow';

/**
 * `${kind}/${projectId}/${id}`: the entity's kind first, so operators can list one kind by prefix. Project ids are
 * uuids (no slash); the last part may hold one (a server's name), which is why the inverse splits only twice.
 */
export function entityWorkflowId(kind: string, projectId: string, id: string): string {
  return `${kind}/${projectId}/${id}`;
}

/** The inverse of `entityWorkflowId`: undefined for an id of another kind or of another shape. */
export function parseEntityWorkflowId(kind: string, workflowId: string): { projectId: string; id: string } | undefined {
  if (!workflowId.startsWith(`${kind}/`)) return undefined;
  const rest = workflowId.slice(kind.length + 1);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { projectId: rest.slice(0, slash), id: rest.slice(slash + 1) };
}

/** Player ids are scoped by the backend that vouched for them, so a Steam id can never pose as a test id. */
export type AuthBackend = 'test' | 'itch' | 'steam';

export function playerId(backend: AuthBackend, externalId: string): string {
  return `${backend}:${externalId}`;
}
