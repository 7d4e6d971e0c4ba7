import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { PadroneMethod, PadronePlayer } from '../../domain/hosts/logins';
import type { Project } from '../../domain/projects';
import { ApiError } from '../errors';
import { assertServing } from '../../core/projects';
import type { LoginLimits } from '../login-limits';
import { verifyAdmin, verifyItchApiKey, verifyItchDownloadKey, verifyOculus, verifySteam, verifyTest, type Verdict } from './providers';

const METHODS: readonly string[] = ['steam', 'itch.apikey', 'itch.downloadkey', 'oculus', 'admin', 'test'];

interface PadroneCredentials {
  method: PadroneMethod;
  credentials: string;
}

/** `X-Padrone-Auth: base64(UTF-8 "method:credentials")`; undefined for anything malformed (the API answers 403). */
export function parsePadroneAuth(header: string | undefined): PadroneCredentials | undefined {
  if (!header || header.length > 8192 || !/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return undefined;
  const text = Buffer.from(header.trim(), 'base64').toString('utf8');
  // The wire rule (domain/wire.ts) for the one string that arrives base64-encoded: a NUL or bytes that are not UTF-8 is malformed.
  if (/[\u0000\uFFFD]/.test(text)) return undefined;
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const method = text.slice(0, colon);
  const credentials = text.slice(colon + 1);
  return METHODS.includes(method) && credentials.length > 0 ? { method: method as PadroneMethod, credentials } : undefined;
}

/**
 * Successful logins are cached by `method:credentials` for 2 hours, 10,000 at most, per project (COMPAT.md §2).
 * Failures and admin logins never are. Keys are hashes, so no credential is kept in memory as a key.
 */
export class PadroneLogins {
  private readonly caches = new Map<string, LRUCache<string, PadronePlayer>>();

  constructor(private readonly timeoutMs: number, private readonly limits: LoginLimits) {}

  /**
   * A cached login answers at once; any other goes through the login limits first (an address that keeps
   * failing is refused before a provider is asked or a password hashed) and counts when it fails.
   */
  async login(req: Request, project: Project, c: PadroneCredentials): Promise<PadronePlayer | undefined> {
    const cache = this.cacheOf(project.id);
    // The project's revision is in the key: a changed test key or login setting is never answered from the cache.
    const key = createHash('sha256').update(`${project.revision}:${c.method}:${c.credentials}`).digest('base64url');
    const cached = cache.get(key);
    if (cached) return cached;
    if (c.method === 'admin') return this.adminLogin(req, project, c);
    // What an address may be guessing at: the project's secret of that method (its test key, say), not the player's.
    const credential = `${project.id}:${c.method}`;
    await this.limits.guard(req, 'padrone', credential);
    const player = await this.verify(project, c);
    if (!player) {
      await this.limits.failed(req, 'padrone', credential);
      return undefined;
    }
    cache.set(key, player);
    return player;
  }

  /** An admin's password is guessable: each try is counted before it is hashed (never cached, COMPAT.md §2). */
  private async adminLogin(req: Request, project: Project, c: PadroneCredentials): Promise<PadronePlayer | undefined> {
    const credential = `${project.id}:${c.credentials.split(',')[0]}`;
    const rightPassword = await this.limits.attempt(req, 'padrone-admin', credential);
    const player = await this.verify(project, c);
    if (player) await rightPassword();
    return player;
  }

  private cacheOf(projectId: string): LRUCache<string, PadronePlayer> {
    let cache = this.caches.get(projectId);
    if (!cache) this.caches.set(projectId, (cache = new LRUCache({ max: 10_000, ttl: 2 * 3600_000 })));
    return cache;
  }

  private verify(project: Project, { method, credentials }: PadroneCredentials): Verdict {
    switch (method) {
      case 'steam': return verifySteam(project, credentials, this.timeoutMs);
      case 'itch.apikey': return verifyItchApiKey(project, credentials, this.timeoutMs);
      case 'itch.downloadkey': return verifyItchDownloadKey(project, credentials, this.timeoutMs);
      case 'oculus': return verifyOculus(project, credentials, this.timeoutMs);
      case 'admin': return verifyAdmin(project, credentials);
      case 'test': return verifyTest(project, credentials);
    }
  }
}

/** 403 for a missing, malformed or rejected X-Padrone-Auth header (Padrone's clients expect exactly that). */
export function requirePadronePlayer(logins: PadroneLogins): RequestHandler {
  return async (req, res, next) => {
    const credentials = parsePadroneAuth(req.headers['x-padrone-auth'] as string | undefined);
    const player = credentials && (await logins.login(req, padroneProject(res), credentials));
    if (!player) return next(new ApiError('forbidden', credentials ? 'login rejected' : 'missing or malformed X-Padrone-Auth header'));
    res.locals.padronePlayer = player;
    next();
  };
}

export const padroneProject = (res: Response): Project => res.locals.padroneProject as Project;

/** What starts something new (a host, a seat) is refused once the project is retired. */
export function servingProject(res: Response): Project {
  const project = padroneProject(res);
  assertServing(project, 'new hosts or joins');
  return project;
}
export const padronePlayer = (res: Response): PadronePlayer => res.locals.padronePlayer as PadronePlayer;
