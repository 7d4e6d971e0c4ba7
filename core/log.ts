import pino, { type DestinationStream } from 'pino';

export type Logger = pino.Logger;

/** Fields that hold a secret, wherever they appear in a logged object: redacted, never written. */
const SECRET_FIELDS = [
  'password', 'passwordHash', 'password_hash', 'testKey', 'test_key', 'serverToken', 'server_token', 'projectServerToken', 'adminToken', 'token',
  'secret', 'clientSecret', 'client_secret', 'apiSecret', 'api_secret', 'versus_api_secret', 'webApiKey', 'appSecret', 'ticketKey', 'serverKey',
  'matchToken', 'clientToken', 'sessionToken', 'serverSessionToken', 'access_token',
];

/**
 * An error as a log line may show it: its kind, message, code and stack. Nothing else an error object carries
 * goes out: PGlite's errors hold the whole query and its parameters (hashes, project secrets), others their
 * request or response.
 */
function errorSerializer(err: unknown): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? err : pino.stdSerializers.err(err as Error);
  const { code } = err as { code?: unknown };
  return { type: err.name, message: err.message, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}), stack: err.stack };
}

const SECRET = new Set(SECRET_FIELDS.map((f) => f.toLowerCase()));

/**
 * A copy of a logged object with every secret field's value replaced, in nested plain objects and arrays (32
 * levels; deeper is cut). Class instances (errors, requests, responses) are left to their serializers.
 */
function scrub(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.has(k.toLowerCase()) ? '[redacted]' : scrub(v, depth + 1)]));
}

/** One JSON line per event. Secret-bearing fields are redacted wherever they appear; errors carry no payloads. */
export function createLogger(level: string, name = 'matchflow', destination: 1 | 2 | DestinationStream = 1): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      serializers: { err: errorSerializer, error: errorSerializer },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      redact: { paths: ['req.headers.authorization', 'req.headers["x-padrone-auth"]'], censor: '[redacted]' },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: destination === 2 }) : destination,
  );
}
