import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { forgetSeed, pendingSeed, recordSeed } from '../db/versus-seeds';
import type { Project } from '../domain/projects';
import { ProjectId, TokenState } from '../domain/search-attributes';
import { VERSUS_TOKEN_WORKFLOW, versusTokenQuery, versusTokenWorkflowId, type ActiveVersusSession } from '../domain/versus/contract';
import { newVersusSeed, secretFingerprint, tokenDigest, versusToken } from '../domain/versus/tokens';
import type { versusTokenWorkflow } from '../workflows/versus-token';
import type { CoreDeps } from './deps';
import { queryIfExists } from './temporal';

/** Versus session tokens (COMPAT.md §4): seeds handed out, tokens activated, sessions read. */

export interface VersusSettings {
  seedTtlSeconds: number;
  sessionTtlSeconds: number;
}

/**
 * A fresh seed: a row keyed by a digest of the token the game will compute (the hash cannot be reversed), so
 * no workflow starts until the game proves it knows its secret.
 */
export async function issueSeed(deps: CoreDeps, s: VersusSettings, project: Project): Promise<string> {
  const seed = newVersusSeed();
  const token = versusToken(project.versus.gameUuid, project.versus.apiSecret, seed);
  await recordSeed(deps.db, tokenDigest(token), { projectId: project.id, secretFingerprint: secretFingerprint(project.versus.apiSecret) }, new Date(Date.now() + s.seedTtlSeconds * 1000));
  return seed;
}

/**
 * Activates a pending token: its seed must be unexpired and made under the game's current secret. The workflow
 * id is the token's digest, so a second activation of the same token finds it started and is refused (undefined).
 */
export async function activateToken(deps: CoreDeps, s: VersusSettings, project: Project, token: string): Promise<ActiveVersusSession | undefined> {
  const digest = tokenDigest(token);
  const seed = await pendingSeed(deps.db, digest);
  const fingerprint = secretFingerprint(project.versus.apiSecret);
  if (!seed || seed.projectId !== project.id || seed.secretFingerprint !== fingerprint) return undefined;
  const expires = new Date(Date.now() + s.sessionTtlSeconds * 1000).toISOString();
  try {
    await deps.temporal.workflow.start<typeof versusTokenWorkflow>(VERSUS_TOKEN_WORKFLOW, {
      taskQueue: deps.taskQueue,
      workflowId: versusTokenWorkflowId(project.versus.gameUuid, digest),
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ projectId: project.id, gameUuid: project.versus.gameUuid, secretFingerprint: fingerprint, seedTtlSeconds: s.seedTtlSeconds, sessionTtlSeconds: s.sessionTtlSeconds, activeUntil: expires }],
      typedSearchAttributes: [{ key: ProjectId, value: project.id }, { key: TokenState, value: 'active' }],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw err;
  }
  await forgetSeed(deps.db, digest);
  return { expires, state: 'active' };
}

/**
 * The token's session while it is live: active, not past its expiry (the workflow may not have noticed yet), and
 * made under the game's current secret (a rotation ends every session at once).
 */
export async function liveSession(deps: CoreDeps, project: Project, token: string): Promise<ActiveVersusSession | undefined> {
  const view = await queryIfExists(deps.temporal.workflow.getHandle(versusTokenWorkflowId(project.versus.gameUuid, tokenDigest(token))), versusTokenQuery);
  const live = view?.state === 'active' && Date.parse(view.expires) > Date.now() && view.secretFingerprint === secretFingerprint(project.versus.apiSecret);
  return live ? { expires: view.expires, state: 'active' } : undefined;
}
