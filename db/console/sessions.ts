import type { Db } from '../create-db';
import type { ConsoleRole } from '../../domain/console/roles';

export interface ConsoleSignIn {
  username: string;
  role: ConsoleRole;
  csrfToken: string;
  expiresAt: Date;
}

export async function insertConsoleSession(db: Db, s: { tokenDigest: string; username: string; csrfToken: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('console_sessions').values({ token_digest: s.tokenDigest, username: s.username, csrf_token: s.csrfToken, expires_at: s.expiresAt }).execute();
}

/** The signed-in user behind a cookie's digest: only while the session lasts and the user is enabled, with their role now. */
export async function findConsoleSession(db: Db, tokenDigest: string, now = new Date()): Promise<ConsoleSignIn | undefined> {
  const row = await db
    .selectFrom('console_sessions as s')
    .innerJoin('console_users as u', 'u.username', 's.username')
    .select(['u.username', 'u.role', 's.csrf_token', 's.expires_at'])
    .where('s.token_digest', '=', tokenDigest)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row && { username: row.username, role: row.role as ConsoleRole, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteConsoleSession(db: Db, tokenDigest: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_digest', '=', tokenDigest).execute();
}

export async function endSessionsOf(db: Db, username: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('username', '=', username).execute();
}
