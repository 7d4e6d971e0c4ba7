import type { CoreDeps } from '../core/deps';
import type { Logger } from '../core/log';
import type { MatchmakingSettings } from '../core/matchmaking/queue';
import type { SigningKeys } from '../domain/paid-matches/signing-keys';

/** What the activities are built from, once per worker (no module-level singletons). */
export interface ActivityDeps extends CoreDeps {
  log: Logger;
  matchmaking: MatchmakingSettings;
  /** Signs the paid matches' webhook calls; absent when PLATFORM_SIGNING_KEY is unset. */
  signingKeys?: SigningKeys;
}
