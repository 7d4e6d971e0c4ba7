import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** The token workflow's contract, shared by the workflow and the API (no Node built-ins: workflows import it). */

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

/** Named by the token's digest (domain/versus.ts `tokenDigest`), never by the token itself. */
export function versusTokenWorkflowId(gameUuid: string, tokenDigest: string): string {
  return `versus/${gameUuid}/${tokenDigest}`;
}
