import type { CoreDeps } from '../core/deps';
import type { MatchmakingSettings } from '../core/matchmaking/queue';
import type { Config } from '../domain/config';
import type { Logger } from '../core/log';
import type { SigningKeys } from '../domain/paid-matches/signing-keys';
import type { TokenSealer } from '../domain/tokens';
import type { LoginLimits } from './login-limits';

/** Everything the HTTP app needs, built once from configuration by the process that hosts it. */
export interface ApiDeps extends CoreDeps {
  config: Pick<Config, 'CLIENT_TOKEN_TTL_SECONDS' | 'STEAM_TICKET_MAX_AGE_SECONDS' | 'PROVIDER_TIMEOUT_MS' | 'BODY_LIMIT' | 'ADMIN_TOKEN' | 'VERSUS_SEED_TTL_SECONDS' | 'VERSUS_SESSION_TTL_SECONDS' | 'SESSION_RESULT_DEADLINE_SECONDS' | 'PADRONE_DEFAULT_PROJECT' | 'CORS_ORIGINS' | 'HOST_PING_TIMEOUT_SECONDS' | 'HOST_JOIN_TIMEOUT_SECONDS' | 'HOSTS_PER_PLAYER' | 'TRUST_PROXY'
    | 'PUBLIC_URL' | 'PLATFORM_REALM' | 'PLATFORM_ACCESS_TOKEN_TTL_SECONDS' | 'PLATFORM_LOBBY_TIMEOUT_SECONDS' | 'PLATFORM_WEBHOOK_ATTEMPT_TIMEOUT_MS'
    | 'PLATFORM_WEBHOOK_WINDOW_SECONDS' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE' | 'METRICS_TOKEN'>;
  /** How the matchers the API starts run: the worker's settings, from the same configuration. */
  matchmaking: MatchmakingSettings;
  /**
   * How the API names itself to the outside (PUBLIC_URL, else where it listens), in realm documents,
   * developer-config.json and webhook tokens: never taken from a request's Host header, which any caller sets.
   */
  publicUrl: string;
  sealer: TokenSealer;
  /** Key of the peer-ticket HMACs, derived from TOKEN_KEY. */
  peerSecret: Uint8Array;
  log: Logger;
  /** The paid matches' RS256 key; absent when PLATFORM_SIGNING_KEY is unset (paid matches answer 503). */
  signingKeys?: SigningKeys;
  /** Failed-login limits of every login and token route. */
  limits: LoginLimits;
}
