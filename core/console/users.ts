import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/create-db';
import { deleteConsoleSession, endSessionsOf, findConsoleSession, insertConsoleSession, type ConsoleSignIn } from '../../db/console/sessions';
import { countConsoleUsers, enabledAdmins, findConsoleLogin, insertConsoleUser, updateConsoleUser } from '../../db/console/users';
import type { ConsoleRole } from '../../domain/console/roles';
import { hashPassword, verifyPassword } from '../../domain/hosts/passwords';
import { newSecret } from '../../domain/secrets';
import { Refused } from '../errors';

/** A console sign-in lasts a working day; signing out or disabling the user ends it sooner. */
export const CONSOLE_SESSION_HOURS = 12;

/** A generated password: 18 random bytes (24 characters), shown once. */
export const newConsolePassword = (): string => randomBytes(18).toString('base64url');

export async function createConsoleUser(db: Db, u: { username: string; role: ConsoleRole; password?: string }): Promise<{ username: string; role: ConsoleRole; password: string }> {
  const password = u.password ?? newConsolePassword();
  const created = await insertConsoleUser(db, { username: u.username, role: u.role, passwordHash: await hashPassword(password) });
  if (!created) throw new Refused('conflict', `a console user named ${u.username} exists`);
  return { username: u.username, role: u.role, password };
}

/** Changes a user; a new password or a disabled account signs the user out everywhere. */
export async function changeConsoleUser(db: Db, username: string, u: { password?: string; role?: ConsoleRole; disabled?: boolean }): Promise<void> {
  const admins = (u.disabled || (u.role && u.role !== 'admin')) ? await enabledAdmins(db) : [];
  if (admins.length === 1 && admins[0] === username) {
    throw new Refused('conflict', `${username} is the last enabled admin: make another admin first`);
  }
  const changed = await updateConsoleUser(db, username, { role: u.role, disabled: u.disabled, passwordHash: u.password === undefined ? undefined : await hashPassword(u.password) });
  if (!changed) throw new Refused('notFound', `no console user named ${username}`);
  if (u.password !== undefined || u.disabled || u.role) await endSessionsOf(db, username);
}

/** The first admin of a development install, printed by `npm start`; undefined when anyone exists already. */
export async function firstAdmin(db: Db): Promise<{ username: string; password: string } | undefined> {
  if ((await countConsoleUsers(db)) > 0) return undefined;
  try {
    return await createConsoleUser(db, { username: 'admin', role: 'admin' });
  } catch (err) {
    if (err instanceof Refused) return undefined; // another process made it first
    throw err;
  }
}

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new sign-in for a right password: the cookie's token (only its digest is stored) and the CSRF token pages send back. */
export async function signIn(db: Db, username: string, password: string): Promise<{ token: string; session: ConsoleSignIn } | undefined> {
  const user = await findConsoleLogin(db, username);
  // A missing user costs a hash too, so timing does not tell which names exist.
  const right = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || user.disabled || !right) return undefined;
  const token = newSecret() + newSecret();
  const session = { username: user.username, role: user.role, csrfToken: newSecret(), expiresAt: new Date(Date.now() + CONSOLE_SESSION_HOURS * 3600_000) };
  await insertConsoleSession(db, { tokenDigest: digest(token), username: user.username, csrfToken: session.csrfToken, expiresAt: session.expiresAt });
  return { token, session };
}

export const sessionOf = (db: Db, token: string) => findConsoleSession(db, digest(token));
export const signOut = (db: Db, token: string) => deleteConsoleSession(db, digest(token));

const DUMMY_HASH = 'scrypt$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
