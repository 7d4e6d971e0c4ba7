import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { migrationProvider } from './migrations';
import { pglitePool } from './pglite-pool';
import type { Logger } from '../core/log';
import { reachDatabase } from '../core/reach';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface DbOptions {
  /** PostgreSQL URL; without it the embedded PGlite under dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** Where a dropped idle connection is reported (PostgreSQL restarting, a network cut). */
  log?: Pick<Logger, 'warn'>;
}

export interface DbHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The PostgreSQL pool under `db` (absent for PGlite): for libraries that speak pg themselves. */
  pool?: Pool;
  close(): Promise<void>;
}

/** Opens the app database and brings its schema up to date. */
export async function createDb(opts: DbOptions): Promise<DbHandle> {
  const handle = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10, opts.log) : await openPglite(opts.dataDir);
  try {
    // The first query on PostgreSQL is the first connection: where a wrong URL or a stopped server shows.
    await (opts.databaseUrl ? reachDatabase(opts.databaseUrl, () => pingDb(handle.db)) : pingDb(handle.db));
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

function openPostgres(url: string, max: number, log?: Pick<Logger, 'warn'>): DbHandle {
  // A database that does not answer fails a request in seconds (503), instead of holding it for as long as TCP waits.
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // An idle connection that drops (PostgreSQL restarting, a network cut) is an 'error' event on the pool: without a
  // listener it would end the process. The pool discards that connection; the next query opens another, or answers 503.
  pool.on('error', (err) => log?.warn({ err: err.message }, 'an idle database connection dropped'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', pool, close: () => db.destroy() };
}

async function openPglite(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(pg) }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

export async function migrateToLatest(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
}

export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
