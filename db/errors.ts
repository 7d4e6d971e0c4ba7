/**
 * What the database said, sorted for retries. PostgreSQL and PGlite both tag their errors with a SQLSTATE
 * `code`; these classes can never succeed on a retry: bad data (22: a NUL, a lone surrogate, a value out of
 * range), a broken constraint (23) or a statement that does not fit the schema (42).
 */
export function isRefusedForGood(err: unknown): boolean {
  return /^(22|23|42)/.test(sqlState(err) ?? '');
}

export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The message alone: PGlite errors also carry the query and its parameters, which may hold secrets. */
export function databaseMessage(err: unknown): string {
  const state = sqlState(err);
  const text = err instanceof Error ? err.message : String(err);
  return state ? `${text} (SQLSTATE ${state})` : text;
}
