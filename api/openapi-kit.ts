import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorSchema } from '../domain/matchmaking/v1a';
import { ACCESS_SCOPE } from '../domain/paid-matches/signing-keys';

/**
 * What every surface's part of the OpenAPI document is written with: responses and bodies with their examples,
 * the security requirements by surface, and the error answers most routes share. api/openapi.ts composes the parts.
 */

/** One surface's routes, registered into the document. */
export type RegisterRoutes = (r: OpenAPIRegistry) => void;

/** Security requirements, one per surface; the schemes themselves are registered once, in api/openapi.ts. */
export const SECURITY = {
  client: [{ clientToken: [] }],
  admin: [{ adminToken: [] }],
  padrone: [{ padroneAuth: [] }],
  game: [{ gameAccessToken: [ACCESS_SCOPE] }],
} satisfies Record<string, RouteConfig['security']>;

/** A JSON answer: its schema and an example of it (the reference test parses every example with its schema). */
export function json(description: string, schema: z.ZodType, example?: unknown): ResponseConfig {
  return { description, content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } } };
}

/** An answer with no body at all (Padrone's bare 200s). */
export const empty = (description: string): ResponseConfig => ({ description });

/** JSON, or with `format=csv` the same rows as a CSV download (finance). */
export function jsonOrCsv(description: string, schema: z.ZodType, example: unknown, csvExample: string): ResponseConfig {
  const csv = { schema: z.string().meta({ description: 'RFC 4180 CSV with a header row (Content-Disposition: attachment).' }), example: csvExample };
  return { description, content: { ...json(description, schema, example).content, 'text/csv': csv } };
}

/** A required JSON body. */
export function body(schema: z.ZodType, example?: unknown): { body: NonNullable<RouteConfig['request']>['body'] } {
  return { body: { required: true, content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } } } };
}

/** The error answer of the error middleware (api/errors.ts): `{error, code, fields?}`. */
export const error = (description: string, example?: { error: string; code: string }) => json(description, errorSchema, example);

const retryAfter = z.object({ 'retry-after': z.string().meta({ description: 'Seconds before trying again can work.', example: '5' }) });

const outage = {
  503: { ...error('Temporal or the database does not answer; Retry-After says when to try again.', { error: 'Temporal is unavailable; try again shortly', code: 'unavailable' }), headers: retryAfter },
};
const loginLimit = {
  429: {
    ...error('This address failed to log in too often (LOGIN_FAILURES_PER_IP, or LOGIN_FAILURES_PER_CREDENTIAL against one credential); Retry-After says when.', {
      error: 'too many failed attempts from this address; try again in 840 s', code: 'tooManyRequests',
    }),
    headers: retryAfter,
  },
};

/** Errors most routes can answer, whatever they do. */
export const COMMON = {
  malformed: { 400: error('A field is missing or wrong; `fields` names each one (the body, query or path).', { error: 'body.teamSizes[0]: Too big: expected number to be <=100', code: 'badRequest' }) },
  tooLarge: { 413: error('The body is over BODY_LIMIT (64 KB by default).', { error: 'body is too large', code: 'tooLarge' }) },
  outage,
  busy: { 429: { ...error('Temporal is shedding load; Retry-After says when to try again.', { error: 'Temporal is busy; try again shortly', code: 'tooManyRequests' }), headers: retryAfter } },
  loginLimit,
  /** Every admin route: a missing or wrong token, an address that keeps failing, an outage. */
  adminToken: { 401: error('Missing or wrong admin token.', { error: 'admin token required', code: 'notAuthenticated' }), ...loginLimit, ...outage },
  clientToken: { 401: error('Missing, invalid or expired client token.', { error: 'client token is invalid or expired', code: 'notAuthenticated' }) },
  noProject: { 404: error('No such project.', { error: 'no such project', code: 'notFound' }) },
  paidMatchesOff: { 503: error('Paid matches are off on this server (PLATFORM_SIGNING_KEY is not set), or Temporal or the database does not answer.', { error: 'paid matches are off on this server: PLATFORM_SIGNING_KEY is not set', code: 'unavailable' }) },
} as const;

/**
 * Compile-time: a documented answer's schema and the type its handler sends have the same fields at every depth,
 * of the same types (whether a field may be absent aside), so a change to either without the other fails to
 * compile (`const _same: SameShape<...> = true`).
 */
export type SameShape<Documented, Sent> = Mutual<Fields<Documented>, Fields<Sent>>;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Fields<T> = T extends readonly (infer E)[] ? Fields<E>[] : T extends object ? { [K in keyof T]-?: Fields<Exclude<T[K], undefined>> } : T;

/** A path parameter that is a string, with its description and example. */
export const pathParam = (description: string, example: string) => z.string().meta({ description, example });
