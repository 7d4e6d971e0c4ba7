import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents an embedded PGlite to kysely's PostgresDialect. PGlite is a single session, so the "pool" hands
 * out one connection at a time: otherwise a query from one request could land inside another's transaction.
 */
export function pglitePool(pg: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();
  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const previous = queue;
      queue = new Promise<void>((r) => (release = r));
      await previous;
      return {
        query: (async (sqlText: string, parameters: ReadonlyArray<unknown>) => {
          const result = await pg.query(sqlText, [...parameters]);
          return { command: commandOf(sqlText), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        }) as PostgresPoolClient['query'],
        release,
      };
    },
    end: () => pg.close(),
  };
}

function commandOf(sqlText: string): PostgresQueryResult<unknown>['command'] {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sqlText)?.[1]?.toUpperCase();
  return word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE' ? word : 'SELECT';
}
