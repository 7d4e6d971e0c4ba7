import { patched, workflowInfo } from '@temporalio/workflow';

/**
 * Whether a long-lived entity should continue as new now. Runs started before it did so (v0.1.0) replay
 * unchanged: the patch is asked only when Temporal suggests it, and reads false wherever their histories did
 * not record it, so such a run moves on only once it executes live. Workflow code only.
 */
export function shouldContinueAsNew(patchId: string): boolean {
  return workflowInfo().continueAsNewSuggested && patched(patchId);
}
