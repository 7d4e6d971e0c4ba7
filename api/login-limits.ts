import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { countLimitRefusal, type LimitName } from '../core/metrics';
import { ApiError } from './errors';

export interface LoginLimitSettings {
  /** Failed logins one address may make, on every login and token route together, per window. */
  failuresPerIp: number;
  /** Failed logins one address may make against one credential (a project, a client id, a username) per window. */
  failuresPerCredential: number;
  /** The window, and how long an address stays refused once over a limit. */
  windowSeconds: number;
  /** Versus seeds one address may ask for per minute (each is a row: an unauthenticated route must stay cheap). */
  seedsPerIpPerMinute: number;
}

/** Where a login was tried: each route counts its credentials apart. */
export type LoginScope = 'v1a-auth' | 'realm-token' | 'admin' | 'server-token' | 'padrone' | 'padrone-admin' | 'host-password' | 'versus' | 'console' | 'metrics';

/**
 * Brute-force limits on every login and token route (rate-limiter-flexible; in PostgreSQL when Matchflow runs
 * on it, so every API replica counts together, else in memory). Only failures count. An address that fails
 * too often is refused before its credentials are even checked; a credential is limited per address, so an
 * attacker never locks a real user out from somewhere else.
 */
export class LoginLimits {
  private readonly byIp: RateLimiterAbstract;
  private readonly byCredential: RateLimiterAbstract;
  private readonly seeds: RateLimiterAbstract;

  constructor(settings: LoginLimitSettings, pool?: Pool) {
    const limiter = (keyPrefix: string, points: number, duration: number) => {
      const opts = { keyPrefix, points, duration, blockDuration: duration };
      const memory = new RateLimiterMemory(opts);
      // tableCreated: migration 009 made it. An unreachable database falls back to this process's memory.
      return pool ? new RateLimiterPostgres({ ...opts, storeClient: pool, storeType: 'pool', tableName: 'login_limits', tableCreated: true, clearExpiredByTimeout: true, insuranceLimiter: memory }) : memory;
    };
    this.byIp = limiter('login-ip', settings.failuresPerIp, settings.windowSeconds);
    this.byCredential = limiter('login-cred', settings.failuresPerCredential, settings.windowSeconds);
    this.seeds = limiter('versus-seed', settings.seedsPerIpPerMinute, 60);
  }

  /**
   * 429 (with Retry-After) once this address, or this address against this credential, has used up its failures:
   * the next try is refused before the credential is even checked. For secrets no one can guess (random tokens of
   * 128 bits and more) this read is enough; a password uses `attempt`, which counts first.
   */
  async guard(req: Request, scope: LoginScope, credential?: string): Promise<void> {
    const [ip, cred] = await Promise.all([this.byIp.get(ipKey(req)), credential === undefined ? null : this.byCredential.get(credKey(req, scope, credential))]);
    const spent = ([[ip, this.byIp.points, 'loginPerAddress'], [cred, this.byCredential.points, 'loginPerCredential']] as const)
      .find(([res, points]) => res && res.consumedPoints >= points);
    if (spent) throw tooMany(spent[2], spent[0]!.msBeforeNext);
  }

  /**
   * For a guessable secret (a password): counts the try before it is checked, so a burst of parallel guesses
   * gets no more checks than the limit allows. Answers what to call when the password was right (the try is
   * given back, and the address's failures against it forgotten).
   */
  async attempt(req: Request, scope: LoginScope, credential: string): Promise<() => Promise<void>> {
    await this.failed(req, scope, credential);
    return async () => {
      await Promise.all([this.byIp.reward(ipKey(req)), this.byCredential.delete(credKey(req, scope, credential))]);
    };
  }

  /** Counts a failed login; answers 429 instead of the usual refusal once this one crossed a limit. */
  async failed(req: Request, scope: LoginScope, credential?: string): Promise<void> {
    const [byIp, byCredential] = await Promise.allSettled([
      this.byIp.consume(ipKey(req)),
      ...(credential === undefined ? [] : [this.byCredential.consume(credKey(req, scope, credential))]),
    ]);
    for (const [consumed, limit] of [[byIp, 'loginPerAddress'], [byCredential, 'loginPerCredential']] as const) {
      if (consumed?.status === 'rejected' && consumed.reason instanceof RateLimiterRes) throw tooMany(limit, consumed.reason.msBeforeNext);
    }
  }

  /** A success clears this address's failures against the credential (not its failures overall). */
  async succeeded(req: Request, scope: LoginScope, credential: string): Promise<void> {
    await this.byCredential.delete(credKey(req, scope, credential));
  }

  /** One more seed for this address, or 429. */
  async takeSeed(req: Request): Promise<void> {
    try {
      await this.seeds.consume(ipKey(req));
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany('versusSeeds', err.msBeforeNext);
      throw err;
    }
  }
}

/** The 429 of a limit reached, counted by the limit's name. */
function tooMany(limit: LimitName, msBeforeNext: number): ApiError {
  countLimitRefusal(limit);
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError('tooManyRequests', `too many failed attempts from this address; try again in ${seconds} s`, undefined, seconds);
}

const ipKey = (req: Request) => req.ip ?? 'unknown';

/** Credentials never become keys in clear: a digest of them, with the route and the address. */
function credKey(req: Request, scope: LoginScope, credential: string): string {
  return `${scope}:${createHash('sha256').update(credential).digest('base64url').slice(0, 22)}:${ipKey(req)}`;
}
