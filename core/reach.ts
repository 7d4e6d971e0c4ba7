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

/** Connects to Temporal's frontend, or stops with what to check. */
export const reachTemporal = <T>(address: string, connect: () => Promise<T>) => reach('Temporal', address,
  'Is a Temporal frontend listening there? TEMPORAL_ADDRESS takes its gRPC host:port (7233 by default, not the Web UI\'s 8233); '
  + 'unset TEMPORAL_ADDRESS and `npm start` runs a dev server of its own.', connect);

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
