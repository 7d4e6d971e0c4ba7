import type { ApiDeps } from '../deps';

/** Where the Temporal Web UI shows a workflow (null when this deployment names no UI: TEMPORAL_UI_URL). */
export function workflowLink(deps: Pick<ApiDeps, 'config'>, workflowId: string): { workflowId: string; url: string | null } {
  const ui = deps.config.TEMPORAL_UI_URL?.replace(/\/$/, '');
  const url = ui ? `${ui}/namespaces/${encodeURIComponent(deps.config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}` : null;
  return { workflowId, url };
}
