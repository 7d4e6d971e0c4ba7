import { z } from 'zod';
import { readSigningKey } from './paid-matches/signing-keys';

/** Every environment variable Matchflow reads, parsed once at start-up. README's configuration table mirrors it. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  /** Connections each API or worker process keeps to PostgreSQL at most: its share of the server's max_connections. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  MATCHFLOW_DATA_DIR: z.string().min(1).default('.matchflow'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('matchflow'),
  TEMPORAL_UI_URL: z.url().optional(),
  TEMPORAL_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI: z.string().min(1).optional(),
  /** TLS to the Temporal frontend: on when `true`, or when any TEMPORAL_TLS_*_FILE or TEMPORAL_API_KEY is set (resolved below). */
  TEMPORAL_TLS: optionalText().pipe(z.enum(['true', 'false'], 'must be true or false').optional()),
  /** PEM of the CA that signed the frontend's certificate; unset with TLS on: the system's roots (Temporal Cloud). */
  TEMPORAL_TLS_CA_FILE: optionalText(),
  /** The client certificate (PEM) for mutual TLS; TEMPORAL_TLS_KEY_FILE comes with it. */
  TEMPORAL_TLS_CERT_FILE: optionalText(),
  /** The client certificate's private key (PEM); read at start, never logged. */
  TEMPORAL_TLS_KEY_FILE: optionalText(),
  /** The name the frontend's certificate is checked against, and sent as SNI, when it is not TEMPORAL_ADDRESS's host. */
  TEMPORAL_TLS_SERVER_NAME: optionalText(),
  /** A Temporal Cloud API key: sent as a bearer on every call, so only over TLS (it turns TLS on). */
  TEMPORAL_API_KEY: optionalText(),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  TOKEN_KEY: z.base64url().refine((k) => Buffer.from(k, 'base64url').length === 32, 'must be 32 bytes, base64url'),
  CLIENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  STEAM_TICKET_MAX_AGE_SECONDS: z.coerce.number().int().min(1).default(3_600),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  PADRONE_DEFAULT_PROJECT: z.string().min(1).optional(),
  HOST_PING_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(300),
  HOST_JOIN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Padrone hosts one player may run at once in a project (re-registering one of them does not count twice). */
  HOSTS_PER_PLAYER: z.coerce.number().int().min(1).default(10),
  /**
   * Whose X-Forwarded-For to believe for the caller's address (host distances, login limits): `false`; the number of
   * proxies in front (`1` behind one load balancer: a client cannot forge past it); their addresses or subnets
   * (`10.0.0.0/8,loopback`); or `true`, every hop, only where nothing but your proxy can reach the API.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .refine((v) => /^(true|false|\d{1,2}|([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal)(\s*,\s*([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal))*)$/.test(v), 'must be true, false, a hop count, or addresses and subnets separated by commas')
    .transform((v): boolean | number | string[] => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((a) => a.trim()))),
  SERVER_RETRY_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** An empty matcher ends after this long without tickets; the next ticket starts it again. */
  MATCHER_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  SESSION_RESULT_DEADLINE_SECONDS: z.coerce.number().int().min(1).default(3_600),
  /** One try to deliver a session webhook: the receiver must answer within this. */
  SESSION_WEBHOOK_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How long a session webhook is retried (from 1 s, doubling, at most an hour apart) before it ends `failed`. */
  SESSION_WEBHOOK_WINDOW_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(86_400),
  VERSUS_SEED_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  VERSUS_SESSION_TTL_SECONDS: z.coerce.number().int().min(1).default(3_600),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v === '*' ? '*' : v.split(',').map((o) => o.trim())))
    .pipe(z.union([z.literal('*'), z.array(z.url('each origin must be a URL, e.g. https://game.example.com'))]).optional()),
  BODY_LIMIT: z.string().default('64kb'),
  /** Failed logins one address may make (all login and token routes together) per window, before 429. */
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(100),
  /** Failed logins one address may make against one credential (project, client id, username) per window. */
  LOGIN_FAILURES_PER_CREDENTIAL: z.coerce.number().int().min(1).default(10),
  /** The failed-login window, and how long an address over a limit is refused. */
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Versus seeds one address may ask for per minute (an unauthenticated route that writes a row). */
  VERSUS_SEEDS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Workflows a worker keeps in memory (default: ~600 per GiB of heap); a miss replays the workflow from history. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(2).optional(),
  /** A workflow bundle built ahead (bundleWorkflowCode); unset: the worker bundles workflows/ at start (a few seconds). */
  WORKER_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** RS256 private key (PEM, or base64 of it) for paid matches' OAuth tokens and webhooks; unset: paid matches are off. */
  PLATFORM_SIGNING_KEY: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .superRefine((k, ctx) => {
      const problem = k === undefined ? undefined : signingKeyProblem(k);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  PLATFORM_REALM: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only').default('letsbet'),
  PLATFORM_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
  PLATFORM_LOBBY_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(900),
  PLATFORM_WEBHOOK_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  PLATFORM_WEBHOOK_WINDOW_SECONDS: z.coerce.number().int().min(1).default(120),
  METRICS_ADDRESS: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464').optional(),
  /** A Bearer that may read the API's /metrics and nothing else (Prometheus' credentials_file); ADMIN_TOKEN reads it too. */
  METRICS_TOKEN: z.string().optional().transform((v) => (v === '' ? undefined : v)).pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Ticket statuses and infos, idempotency keys and expired seeds are deleted this long after (COMPAT: at least an hour). */
  TICKET_RETENTION_HOURS: z.coerce.number().int().min(1).default(24),
  /** Ended sessions and spent server offers are deleted this long after they ended (ratings and money stay forever). */
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** How often the retention job runs (a Temporal schedule per task queue); 0 turns it off. */
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
  /** Closed workflows are kept by Temporal this long (set on the namespace at worker start); 0 leaves the namespace as it is. */
  TEMPORAL_RETENTION_HOURS: z.coerce.number().int().min(0).default(72),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).superRefine((c, ctx) => {
  // Games are told where to log in and whom webhooks come from: beyond this machine, that must be said, not guessed.
  if (c.PLATFORM_SIGNING_KEY && !c.PUBLIC_URL && !isLoopback(c.HOST)) {
    ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: `is required for paid matches when the API listens beyond this machine (HOST=${c.HOST}): the URL games reach it at` });
  }
  temporalTlsProblems(c).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path: [path], message }));
}).transform((c) => ({ ...c, TEMPORAL_TLS: temporalTlsOn(c) }));

/** An unset variable, or one set to nothing (as compose files and env files leave them): absent either way. */
function optionalText() {
  return z.string().optional().transform((v) => (v === '' ? undefined : v));
}

interface TemporalTlsSettings {
  TEMPORAL_TLS?: 'true' | 'false';
  TEMPORAL_TLS_CA_FILE?: string;
  TEMPORAL_TLS_CERT_FILE?: string;
  TEMPORAL_TLS_KEY_FILE?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
  TEMPORAL_API_KEY?: string;
}

/** The settings that only mean something over TLS, by name: any one of them turns TLS on. */
function tlsOnlySettings(c: TemporalTlsSettings): string[] {
  const names = ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_API_KEY'] as const;
  return names.filter((n) => c[n] !== undefined);
}

function temporalTlsOn(c: TemporalTlsSettings): boolean {
  return c.TEMPORAL_TLS === 'true' || (c.TEMPORAL_TLS === undefined && tlsOnlySettings(c).length > 0);
}

/** What is missing or contradictory among the TLS settings, as [variable, message]; never a value (keys are secrets). */
function temporalTlsProblems(c: TemporalTlsSettings): [string, string][] {
  const problems: [string, string][] = [];
  if (c.TEMPORAL_TLS_CERT_FILE && !c.TEMPORAL_TLS_KEY_FILE) problems.push(['TEMPORAL_TLS_KEY_FILE', 'is required with TEMPORAL_TLS_CERT_FILE: the client certificate\'s private key (PEM)']);
  if (c.TEMPORAL_TLS_KEY_FILE && !c.TEMPORAL_TLS_CERT_FILE) problems.push(['TEMPORAL_TLS_CERT_FILE', 'is required with TEMPORAL_TLS_KEY_FILE: the client certificate (PEM) the key belongs to']);
  const tlsOnly = tlsOnlySettings(c);
  if (c.TEMPORAL_TLS === 'false' && tlsOnly.length > 0) problems.push(['TEMPORAL_TLS', `is false, but ${tlsOnly.join(' and ')} need TLS: unset them, or TEMPORAL_TLS`]);
  else if (c.TEMPORAL_TLS_SERVER_NAME && !temporalTlsOn(c)) problems.push(['TEMPORAL_TLS_SERVER_NAME', 'only applies over TLS: set TEMPORAL_TLS=true (or TEMPORAL_TLS_CA_FILE)']);
  return problems;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export type Config = z.infer<typeof configSchema>;

function signingKeyProblem(text: string): string | undefined {
  try {
    readSigningKey(text);
    return undefined;
  } catch (err) {
    return `not a usable RSA private key (${err instanceof Error ? err.message : 'unreadable'})`;
  }
}

/** Thrown when the environment cannot be parsed; the message names every bad variable. */
export class ConfigError extends Error {}

/** Parses the environment once; fails fast with one line per bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}
