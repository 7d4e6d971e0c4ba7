import { groupingRuleSignal, MATCHMAKING_WORKFLOWS } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import type { CoreDeps } from '../deps';
import { signalIfRunning } from '../temporal';
import { ruleOf } from './queue';

/**
 * Tells a project's running matchers its new grouping rule, so the tickets waiting now are grouped by it. A matcher
 * that visibility does not list yet (started a moment ago) learns it from its next ticket, which carries the rule
 * the API read; either way the highest revision wins. Answers how many matchers were told.
 */
export async function tellMatchers(deps: CoreDeps, project: Project): Promise<number> {
  const query = `WorkflowType = '${MATCHMAKING_WORKFLOWS.matcher}' AND ProjectId = '${project.id}' AND ExecutionStatus = 'Running'`;
  let told = 0;
  for await (const matcher of deps.temporal.workflow.list({ query })) {
    if (await signalIfRunning(deps.temporal.workflow.getHandle(matcher.workflowId), groupingRuleSignal, ruleOf(project))) told++;
  }
  return told;
}
