import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z, type ZodType } from 'zod';
import { openApiRegistry } from '../../api/openapi';
import { appWithoutBackends, operationsOf, refsIn, resolve, routeKey, sentences, servedRoutes, type Operation } from '../helpers/openapi';

/**
 * The API reference (/openapi.json, rendered at /docs) against the app that serves it: every route documented,
 * every operation described for a game developer, with its credential, its answers and an example of each.
 */

/** Called without a security scheme: the bare address, probes, the Versus handshake, the realm's public documents, and dedicated servers, whose credential is in the body or path. */
const PUBLIC = [
  'GET /', 'GET /healthz', 'GET /readyz', 'GET /app/health-check', 'GET /projects/{projectId}/app/health-check', 'POST /v1a/client/auth',
  'POST /v1a/server/match', 'DELETE /v1a/server/match', 'POST /v1a/server/match/sessions', 'POST /v1a/server/session/{serverSessionToken}/result',
  'GET /api/v2/games/{game_uuid}/session', 'PUT /api/v2/games/{game_uuid}/session', 'POST /api/v2/games/{game_uuid}/session',
  'POST /auth/realms/{realm}/protocol/openid-connect/token', 'GET /auth/realms/{realm}', 'GET /auth/realms/{realm}/protocol/openid-connect/certs',
  'GET /auth/realms/{realm}/.well-known/openid-configuration', 'GET /.well-known/jwks.json',
];

/** Padrone answers these with a bare 200 and no body at all (COMPAT.md §2): documented without content. */
const BODILESS = ['/health-check', '/register-host', '/unregister-host', '/ping', '/leave', '/report-leave']
  .flatMap((route) => [`/app${route}`, `/projects/{projectId}/app${route}`])
  .map((path) => `${path.endsWith('/health-check') ? 'GET' : 'POST'} ${path}`);

/** Served, and not part of the reference: the reference itself (`/docs` is swagger-ui's middleware, not a route). */
const NOT_DOCUMENTED = ['GET /openapi.json'];
/** The console's pages and the cookie API behind them are for people, not programs (tested in test/browser). */
const CONSOLE = /^\w+ \/console(\/|$)/;

const app = appWithoutBackends({ PLATFORM_REALM: 'letsbet' });
let server: Server;
let doc: any;
let operations: Operation[];

beforeAll(async () => {
  server = createServer(app);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  doc = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`)).json();
  operations = operationsOf(doc);
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const failing = (check: (o: Operation) => string | undefined) => operations.flatMap((o) => { const why = check(o); return why ? [`${o.key}: ${why}`] : []; });

describe('the API reference covers the app', () => {
  it('when the app serves a route, then the document describes it, and it describes no route the app does not serve', () => {
    const served = servedRoutes(app).filter((r) => !NOT_DOCUMENTED.includes(r) && !CONSOLE.test(r));
    const documented = new Set(operations.map((o) => routeKey(o.key)));
    expect(served.filter((r) => !documented.has(routeKey(r)))).toEqual([]);
    const serving = new Set(served.map(routeKey));
    expect(operations.map((o) => o.key).filter((k) => !serving.has(routeKey(k)))).toEqual([]);
    expect(served.length).toBeGreaterThan(60);
  });

  it('when an allow-list names an operation, then the document has it (the lists cannot go stale)', () => {
    const keys = operations.map((o) => o.key);
    expect([...PUBLIC, ...BODILESS].filter((k) => !keys.includes(k))).toEqual([]);
  });
});

describe('every operation is documented for a game developer', () => {
  it('when an operation is listed, then it has a summary and a description of 2 to 5 sentences', () => {
    expect(failing(({ op }) => (op.summary?.trim() ? undefined : 'no summary'))).toEqual([]);
    expect(failing(({ op }) => {
      const n = sentences(op.description ?? '');
      return n >= 2 && n <= 5 ? undefined : `description has ${n} sentences`;
    })).toEqual([]);
  });

  it('when an operation succeeds, then its 2xx answer has a schema and an example (bodiless Padrone answers have no content)', () => {
    expect(failing(({ key, op }) => {
      const ok = Object.entries<any>(op.responses).filter(([status]) => /^2/.test(status));
      if (ok.length === 0) return 'no 2xx response';
      if (BODILESS.includes(key)) return ok.some(([, r]) => r.content) ? 'documents a body Padrone never sends' : undefined;
      for (const [status, response] of ok) {
        const media = Object.entries<any>(response.content ?? {});
        if (media.length === 0) return `${status} has no content`;
        for (const [type, m] of media) {
          if (!m.schema) return `${status} ${type} has no schema`;
          if (m.example === undefined && m.examples === undefined && resolve(doc, m.schema).example === undefined) return `${status} ${type} has no example`;
        }
      }
      return undefined;
    })).toEqual([]);
  });

  it('when an operation can fail, then each error answer has a JSON schema and a description', () => {
    expect(failing(({ op }) => {
      const bad = Object.entries<any>(op.responses).filter(([status]) => /^[45]/.test(status)).find(([, r]) => !r.description || !r.content?.['application/json']?.schema);
      return bad && `${bad[0]} has no description or no JSON schema`;
    })).toEqual([]);
    expect(failing(({ op }) => (Object.keys(op.responses).some((s) => /^[45]/.test(s)) || op.security === undefined ? undefined : 'a secured route with no error answer'))).toEqual([]);
  });

  it('when an operation needs a credential, then it names its security scheme; the public allow-list names none', () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    expect(schemes.sort()).toEqual(['adminToken', 'clientToken', 'gameAccessToken', 'metricsToken', 'padroneAuth']);
    expect(failing(({ key, op }) => {
      const named = (op.security ?? []).flatMap((s: object) => Object.keys(s));
      if (PUBLIC.includes(key)) return named.length ? `public, yet requires ${named.join(', ')}` : undefined;
      if (named.length === 0) return 'no security requirement (add one, or add the route to PUBLIC with the reason)';
      return named.find((n: string) => !schemes.includes(n)) && `unknown scheme in ${named.join(', ')}`;
    })).toEqual([]);
    expect(doc.components.securitySchemes.gameAccessToken.flows.clientCredentials.tokenUrl).toBe('/auth/realms/letsbet/protocol/openid-connect/token');
  });

  it('when a path has parameters, then each is declared once as a required path parameter', () => {
    expect(failing(({ path, op }) => {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => (p.required ? p.name : `${p.name}?`)).sort();
      return JSON.stringify(inPath) === JSON.stringify(declared) ? undefined : `path parameters ${declared.join(',')} for ${inPath.join(',')}`;
    })).toEqual([]);
  });
});

describe('the document is well formed', () => {
  it('when an example is given, then the zod schema it documents accepts it', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const d of openApiRegistry().definitions) {
      if (d.type !== 'route') continue;
      const { method, path, request, responses } = d.route;
      const media: [string, unknown][] = [
        ...Object.entries(request?.body?.content ?? {}).map(([type, m]) => [`request ${type}`, m] as [string, unknown]),
        ...Object.entries(responses).flatMap(([status, r]) => Object.entries(('content' in r && r.content) || {}).map(([type, m]) => [`${status} ${type}`, m] as [string, unknown])),
      ];
      for (const [where, m] of media) {
        const { schema, example: given } = m as { schema?: ZodType; example?: unknown };
        // The media type's example, or the one the schema carries itself (`.meta({ example })`).
        const example = given ?? (schema && (z.globalRegistry.get(schema) as { example?: unknown } | undefined)?.example);
        if (example === undefined) continue;
        if (typeof schema?.safeParse !== 'function') {
          wrong.push(`${method.toUpperCase()} ${path} ${where}: an example without a zod schema to check it by`);
          continue;
        }
        checked++;
        const parsed = schema.safeParse(example);
        if (!parsed.success) wrong.push(`${method.toUpperCase()} ${path} ${where}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      }
    }
    expect(wrong).toEqual([]);
    // Most operations answer and take JSON with an example: a walk that found none would have checked nothing.
    expect(checked).toBeGreaterThan(100);
  });

  it('when the document refers to a component, then the component exists', () => {
    expect(refsIn(doc).filter((ref) => { try { resolve(doc, { $ref: ref }); return false; } catch { return true; } })).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
  });

  // A full OpenAPI 3.1 validation, by a validator made for it (a devDependency).
  it('when an OpenAPI validator reads the document, then it finds no error', async () => {
    const parser = await import('@readme/openapi-parser');
    const result = await parser.validate(structuredClone(doc));
    expect(result.valid ? '' : parser.compileErrors(result as never)).toBe('');
  });
});
