import { describeTemporalConnection, type TemporalConnectOptions } from './temporal-connection';

/**
 * What a process needs before it can serve: Temporal and the database. When one cannot be reached at start, the
 * operator reads which one, where it was looked for and what to try, not a driver's raw error
 * (`tonic::transport::Error`, `ECONNREFUSED`).
 */
async function reach<T>(what: string, where: string, advice: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new Error(`cannot reach ${what} at ${where}: ${err instanceof Error ? err.message : String(err)}\n  ${advice}`);
  }
}

/** Connects to Temporal's frontend, or stops with what to check (over TLS: the TLS settings). */
export const reachTemporal = <T>(target: TemporalConnectOptions, connect: () => Promise<T>) => reach('Temporal', describeTemporalConnection(target),
  target.tls ? TLS_ADVICE : PLAIN_ADVICE, connect);

const PLAIN_ADVICE = 'Is a Temporal frontend listening there? TEMPORAL_ADDRESS takes its gRPC host:port (7233 by default, not the Web UI\'s 8233); '
  + 'unset TEMPORAL_ADDRESS and `npm start` runs a dev server of its own. A frontend that requires TLS drops plain connections: '
  + 'set TEMPORAL_TLS=true (with TEMPORAL_TLS_CA_FILE, or TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE, as it asks).';

const TLS_ADVICE = 'Is a Temporal frontend listening there, over TLS? TEMPORAL_TLS_CA_FILE must hold the CA that signed its certificate '
  + '(unset: the system\'s CAs), the certificate must name TEMPORAL_ADDRESS\'s host or TEMPORAL_TLS_SERVER_NAME, and a frontend that '
  + 'requires client certificates needs TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE from a CA it trusts. A plain (non-TLS) frontend, '
  + 'such as `temporal server start-dev`: unset the TEMPORAL_TLS* variables and TEMPORAL_API_KEY.';

/** Runs the first query on PostgreSQL, or stops with what to check (never the URL's password). */
export const reachDatabase = <T>(url: string, connect: () => Promise<T>) => reach('PostgreSQL', hostOf(url),
  'Is PostgreSQL running there, and do DATABASE_URL\'s user, password and database exist? '
  + 'Unset DATABASE_URL and `npm start` keeps its data in an embedded PGlite instead.', connect);

/** host:port/database of a connection string, never its password. */
function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL)`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}
