import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * Versus session tokens' contract (COMPAT.md §4): the token workflow's id, messages, input and views, shared by
 * the workflow, the API and tests. It runs on the worker's task queue (`domain/ids.ts`).
 */

export const VERSUS_TOKEN_WORKFLOW = 'versusTokenWorkflow';

export interface VersusTokenInput {
  projectId: string;
  gameUuid: string;
  /** Only in runs v0.1.0 started at seed time; a session started at activation holds no token. */
  token?: string;
  secretFingerprint: string;
  seedTtlSeconds: number;
  sessionTtlSeconds: number;
  /** Set when the run starts at activation (the seed waited in the database): the session is active until then. */
  activeUntil?: string;
}

export type VersusTokenView =
  | { state: 'pending'; secretFingerprint: string }
  | { state: 'active'; expires: string; secretFingerprint: string }
  | { state: 'expired'; secretFingerprint: string };

export interface ActivateVersusToken {
  /** The game's current secret: a token whose seed was issued under an older one is refused. */
  secretFingerprint: string;
}

export interface ActiveVersusSession {
  expires: string;
  state: 'active';
}

/** An update, not a signal: the PUT answers with the session's expiry, or 401 when the token is not pending. */
export const activateVersusTokenUpdate = defineUpdate<ActiveVersusSession, [ActivateVersusToken]>('activateVersusToken');
export const versusTokenQuery = defineQuery<VersusTokenView>('versusToken');

/** Named by the token's digest (`domain/versus/tokens.ts` `tokenDigest`), never by the token itself. */
export const versusTokenWorkflowId = (gameUuid: string, tokenDigest: string) => `versus/${gameUuid}/${tokenDigest}`;
export function parseVersusTokenWorkflowId(workflowId: string): { gameUuid: string; tokenDigest: string } | undefined {
  const m = /^versus\/([^/]+)\/([^/]+)$/.exec(workflowId);
  return m ? { gameUuid: m[1]!, tokenDigest: m[2]! } : undefined;
}

/** Why a token run started at seed time (v0.1.0) refuses activation; activations now start their own run instead. */
export const VERSUS_REFUSAL = { notPending: 'TokenNotPending', secretRotated: 'SecretRotated' } as const;
