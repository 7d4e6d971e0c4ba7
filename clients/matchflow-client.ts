import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/matchflow-openapi';

/**
 * A typed client for every Matchflow route, for game clients, dedicated servers and game backends: openapi-fetch
 * over the types generated from the API's own OpenAPI document (clients/generated/), so a path, a body or an answer
 * that does not fit the API does not compile. Each call answers `{ data, error, response }`; nothing throws for an
 * HTTP error. Copy `clients/` into a TypeScript project with `openapi-fetch` installed, or use it from here.
 */
export type MatchflowClient = Client<paths>;
export type Schemas = components['schemas'];

export interface ClientOptions {
  /** Sent as `Authorization: Bearer ...` on every call; a function is asked each time (a token that is refreshed). */
  bearer?: string | (() => string | undefined | Promise<string | undefined>);
  /** Other headers on every call, e.g. `X-Padrone-Auth`. */
  headers?: Record<string, string>;
}

export function matchflowClient(baseUrl: string, opts: ClientOptions = {}): MatchflowClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/$/, ''), headers: opts.headers });
  if (opts.bearer !== undefined) client.use(bearer(opts.bearer));
  return client;
}

function bearer(token: NonNullable<ClientOptions['bearer']>): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === 'function' ? await token() : token;
      if (value) request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  };
}

/** What went wrong with a call, for an Error: the status and Matchflow's own message. */
export function failure(what: string, answer: { error?: unknown; response: Response }): Error {
  const message = (answer.error as { error?: string } | undefined)?.error ?? answer.response.statusText;
  return new Error(`${what}: HTTP ${answer.response.status}: ${message}`);
}
