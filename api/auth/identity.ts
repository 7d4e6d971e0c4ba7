import type { AuthBackend } from '../../domain/ids';

/** Who a login provider vouched for. */
export interface Identity {
  backend: AuthBackend;
  externalId: string;
  name?: string;
  pictureUrl?: string;
}

/** A provider's verdict on credentials; an unreachable provider throws instead (503, not the player's fault). */
export type AuthOutcome = { ok: true; identity: Identity } | { ok: false; error: string };

export const rejected = (error: string): AuthOutcome => ({ ok: false, error });
