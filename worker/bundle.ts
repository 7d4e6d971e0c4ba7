import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from './create-worker';

const nothing = () => {};
const quiet = { log: nothing, trace: nothing, debug: nothing, info: nothing, warn: nothing, error: nothing };

/**
 * Bundles the workflows once into `path`, for workers started with WORKER_WORKFLOW_BUNDLE: each start (and every
 * restart a fault test or the soak makes) then skips the several seconds bundling takes. Answers `path`.
 */
export async function writeWorkflowBundle(path: string): Promise<string> {
  writeFileSync(path, (await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quiet })).code);
  return path;
}
