import type { Db } from '../create-db';
import type { ConsoleRole } from '../../domain/console/roles';

export interface ConsoleUser {
  username: string;
  role: ConsoleRole;
  createdAt: Date;
  disabled: boolean;
}

interface UserRow { username: string; role: string; created_at: Date; disabled_at: Date | null }
const toUser = (r: UserRow): ConsoleUser => ({ username: r.username, role: r.role as ConsoleRole, createdAt: r.created_at, disabled: r.disabled_at !== null });

/** false when the name is taken. */
export async function insertConsoleUser(db: Db, u: { username: string; passwordHash: string; role: ConsoleRole }): Promise<boolean> {
  const row = await db
    .insertInto('console_users')
    .values({ username: u.username, password_hash: u.passwordHash, role: u.role, disabled_at: null })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('username')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findConsoleLogin(db: Db, username: string): Promise<(ConsoleUser & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('console_users').selectAll().where('username', '=', username).executeTakeFirst();
  return row && { ...toUser(row), passwordHash: row.password_hash };
}

export async function listConsoleUsers(db: Db): Promise<ConsoleUser[]> {
  return (await db.selectFrom('console_users').select(['username', 'role', 'created_at', 'disabled_at']).orderBy('username').execute()).map(toUser);
}

export async function countConsoleUsers(db: Db): Promise<number> {
  const { n } = await db.selectFrom('console_users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** Sets what is given; a disabled user's sign-ins end with it (see `endSessionsOf`). */
export async function updateConsoleUser(db: Db, username: string, u: { passwordHash?: string; role?: ConsoleRole; disabled?: boolean }): Promise<boolean> {
  const result = await db
    .updateTable('console_users')
    .set({
      ...(u.passwordHash && { password_hash: u.passwordHash }),
      ...(u.role && { role: u.role }),
      ...(u.disabled !== undefined && { disabled_at: u.disabled ? new Date() : null }),
    })
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function enabledAdmins(db: Db): Promise<string[]> {
  return (await db.selectFrom('console_users').select('username').where('role', '=', 'admin').where('disabled_at', 'is', null).execute()).map((r) => r.username);
}
