import { groupingRuleSignal, MATCHMAKING_WORKFLOWS } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import type { CoreDeps } from '../deps';
import type { Logger } from '../log';
import { signalIfRunning } from '../temporal';
import { ruleOf } from './queue';

/** How long after a change the running matchers are told a second time (visibility lists a new matcher within it). */
const SECOND_TELLING_MS = 5_000;

/**
 * Tells a project's running matchers its new grouping rule, so the tickets waiting now are grouped by it. Told twice:
 * now, and once more a few seconds later for a matcher visibility did not list yet (started a moment ago, or by a
 * ticket whose enqueue read the project just before the change). Every ticket carries the rule as well; the highest
 * revision wins either way. Runs after the answer: the change is committed, and a failure here is only logged.
 */
export function tellMatchersSoon(deps: CoreDeps, project: Project, log: Pick<Logger, 'info' | 'warn'>): void {
  const tell = () => tellMatchers(deps, project).then(
    (told) => log.info({ projectId: project.id, revision: project.revision, told }, 'matchers told the new grouping rule'),
    (err: unknown) => log.warn({ err, projectId: project.id }, 'matchers not told the new grouping rule; their next ticket carries it'),
  );
  void tell().then(() => new Promise((resolve) => setTimeout(resolve, SECOND_TELLING_MS).unref())).then(tell);
}

async function tellMatchers(deps: CoreDeps, project: Project): Promise<number> {
  const query = `WorkflowType = '${MATCHMAKING_WORKFLOWS.matcher}' AND ProjectId = '${project.id}' AND ExecutionStatus = 'Running'`;
  let told = 0;
  for await (const matcher of deps.temporal.workflow.list({ query })) {
    if (await signalIfRunning(deps.temporal.workflow.getHandle(matcher.workflowId), groupingRuleSignal, ruleOf(project))) told++;
  }
  return told;
}
