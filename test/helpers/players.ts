import { randomUUID } from 'node:crypto';
import type { Project } from '../../domain/projects';
import { call } from './http';

/** Logs a test player in through the real /v1a/client/auth and returns its client token. */
export async function loginTestPlayer(url: string, project: Project, testId: string): Promise<string> {
  const res = await call('POST', `${url}/v1a/client/auth`, { body: { projectId: project.id, auth: { testKey: project.testKey, testId } } });
  if (res.body?.status !== 'authenticated') throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return res.body.clientToken as string;
}

/** Asks for a match; alone in a bucket of its own (a fresh matchTag) unless the body names one. */
export async function requestMatch(url: string, token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', `${url}/v1a/client/match`, { token, body: { teamSizes: [1, 1], maxMatchTime: 30, matchTag: randomUUID(), ...body } });
  if (res.status !== 200) throw new Error(`match request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.matchToken as string;
}

export async function matchStatus(url: string, token: string, matchToken: string): Promise<any> {
  return (await call('GET', `${url}/v1a/client/match/${matchToken}`, { token })).body;
}
