import { randomUUID } from 'node:crypto';
import { bucketOf } from '../../domain/matchmaking/buckets';
import { type TicketInput, ticketWorkflowId } from '../../domain/matchmaking/contract';
import type { Project } from '../../domain/projects';
import { call, eventually } from './http';
import { loginTestPlayer, matchStatus, requestMatch } from './players';
import type { Stack } from './stack';

/** A [1,1] ticket alone in a bucket of its own (a fresh matchTag), unless `over` says otherwise; its bucket follows `over`. */
export function ticketInput(project: Project, over: Partial<TicketInput> = {}): TicketInput {
  const base = { teamSizes: [1, 1], matchTag: randomUUID(), ...over };
  return {
    projectId: project.id, ticketId: randomUUID(), playerId: `test:${randomUUID()}`, maxMatchTimeSeconds: 30, requestedAt: Date.now(),
    ...base, ...bucketOf(base),
  };
}

/** Starts a ticket workflow directly, as the API would. */
export function startTicket(stack: Stack, input: TicketInput) {
  return stack.temporal.workflow.start('ticketWorkflow', {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE, workflowId: ticketWorkflowId(input.projectId, input.ticketId), args: [input],
  });
}

/** Logs in `n` fresh players of the project. */
export async function players(url: string, project: Project, n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, () => loginTestPlayer(url, project, `p-${randomUUID().slice(0, 8)}`)));
}

/** Every player asks for the same bucket (one shared matchTag unless the body names one); resolves with each final status. */
export async function matchAll(url: string, tokens: string[], body: Record<string, unknown>, timeoutMs = 20_000): Promise<any[]> {
  const shared = { matchTag: randomUUID(), ...body };
  const matchTokens: string[] = [];
  for (const [i, t] of tokens.entries()) matchTokens.push(await requestMatch(url, t, { info: { seat: i }, ...shared }));
  return Promise.all(tokens.map((t, i) => eventually(() => matchStatus(url, t, matchTokens[i]!), (s) => s.status !== 'inProgress', timeoutMs)));
}

export function registerServer(url: string, project: Project, body: Record<string, unknown>) {
  return call('POST', `${url}/v1a/server/match`, { body: { projectId: project.id, projectServerToken: project.serverToken, ...body } });
}

export function serverSessions(url: string, project: Project, name: string) {
  return call('POST', `${url}/v1a/server/match/sessions`, { body: { projectId: project.id, projectServerToken: project.serverToken, name } });
}

export function reportAsClient(url: string, token: string, sessionToken: string, body: unknown) {
  return call('POST', `${url}/v1a/client/session/${sessionToken}/result`, { token, body });
}

export async function stats(url: string, token: string): Promise<{ rating: number; rank: number }> {
  return (await call('GET', `${url}/v1a/client/info/stats`, { token })).body;
}
