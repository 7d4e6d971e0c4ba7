import { randomUUID } from 'node:crypto';
import type { Project } from '../../domain/projects';
import { call, eventually } from './http';
import { loginTestPlayer, matchStatus, requestMatch } from './players';

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
