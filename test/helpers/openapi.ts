import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { matchmakingSettings } from '../../core/matchmaking/queue';
import { createApp } from '../../api/app';
import { LoginLimits } from '../../api/login-limits';
import { createLogger } from '../../core/log';
import { parseConfig } from '../../domain/config';
import { TokenSealer } from '../../domain/tokens';

/** Reading the API reference against the app it describes, without Temporal or a database. */

/** A dependency createApp must not touch while it only builds its routers: any use fails loudly. */
function untouchable(name: string): never {
  return new Proxy({}, { get: (_t, p) => { throw new Error(`createApp used deps.${name}.${String(p)} while building the app`); } }) as never;
}

/**
 * The real Express app, built from configuration as api/server.ts builds it, with the database and Temporal left
 * out: building the app connects to nothing, and these tests only list its routes and read /openapi.json.
 */
export function appWithoutBackends(env: Record<string, string> = {}): Express {
  const config = parseConfig({ ADMIN_TOKEN: randomBytes(24).toString('base64url'), TOKEN_KEY: randomBytes(32).toString('base64url'), LOG_LEVEL: 'silent', ...env });
  return createApp({
    config, db: untouchable('db'), temporal: untouchable('temporal'), taskQueue: config.TEMPORAL_TASK_QUEUE, log: createLogger('silent'),
    publicUrl: 'http://127.0.0.1:8080', sealer: new TokenSealer(randomBytes(32)), peerSecret: new Uint8Array(32),
    limits: new LoginLimits({ failuresPerIp: 1, failuresPerCredential: 1, windowSeconds: 1, seedsPerIpPerMinute: 1 }), matchmaking: matchmakingSettings(config),
  });
}

/** What Express 5's router keeps of each layer (router@2: `rawPath` is the path the layer was mounted at). */
interface Layer {
  rawPath?: string | RegExp | (string | RegExp)[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route the app serves, as `METHOD /path/{param}`, found by walking its router stack and every router
 * mounted in it. Middleware that is not a route (body parsers, auth, swagger-ui's static files) is not a route.
 */
export function servedRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const method of Object.keys(layer.route.methods)) routes.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${openApiPath(prefix + path)}`);
        }
      } else if (layer.handle?.stack) {
        if (layer.rawPath === undefined) throw new Error('the router keeps no rawPath: cannot tell where routers are mounted (router@2.3 keeps it)');
        for (const mount of [layer.rawPath].flat()) {
          if (typeof mount !== 'string') throw new Error(`a router mounted at ${String(mount)}: only string paths can be compared with the document`);
          walk(layer.handle.stack, prefix + (mount === '/' ? '' : mount));
        }
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes;
}

/** Express's `/a/:id` as OpenAPI's `/a/{id}`, without a trailing slash. */
function openApiPath(path: string): string {
  const p = path.replace(/:(\w+)/g, '{$1}').replace(/\*(\w+)/g, '{$1}').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

/** The same route whatever its parameters are called (Versus's `{game_uuid}` is Express's `:gameUuid`). */
export const routeKey = (route: string) => route.replace(/\{[^}]+\}/g, '{}');

export interface Operation {
  key: string;
  path: string;
  op: any;
}

export function operationsOf(doc: any): Operation[] {
  return Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    Object.entries<any>(item).filter(([m]) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(m))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })));
}

/** Follows a local `$ref` (`#/components/schemas/X`). */
export function resolve(doc: any, node: any): any {
  if (!node?.$ref) return node;
  const target = String(node.$ref).replace(/^#\//, '').split('/').reduce((at: any, part: string) => at?.[part], doc);
  if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  return resolve(doc, target);
}

/** Every `$ref` anywhere in the document. */
export function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

/** Sentences of a description: a full stop, `?` or `!` followed by a capital, a backtick or the end ("e.g. x" is not one). */
export const sentences = (text: string) => (text.match(/[.!?](?=\s+[A-Z`("]|\s*$)/g) ?? []).length;
