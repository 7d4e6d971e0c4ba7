import { Router } from 'express';
import { z } from 'zod';
import { changeConsoleUser, createConsoleUser } from '../core/console/users';
import { listConsoleUsers } from '../db/console/users';
import { consolePassword, consoleRole, consoleUsername } from '../domain/console/users';
import type { ApiDeps } from './deps';
import { parseOr400 } from './errors';

/** Exported for the API reference (api/admin-openapi.ts). */
export const newConsoleUserBody = z.object({
  username: consoleUsername, role: consoleRole,
  password: consolePassword.optional().meta({ description: 'Leave out to have one generated; it is answered once.' }),
}).strict();
export const consoleUserChanges = z.object({
  role: consoleRole.optional(), password: consolePassword.optional(), disabled: z.boolean().optional().meta({ description: '`true` signs the user out and refuses their sign-ins.' }),
}).strict().refine((c) => Object.keys(c).length > 0, { error: 'give at least one of role, password, disabled' });

const present = (u: { username: string; role: string; createdAt: Date; disabled: boolean }) => ({ username: u.username, role: u.role, createdAt: u.createdAt.toISOString(), disabled: u.disabled });

/** `/admin/console-users`: who may sign in to the console, and with which role (the console-user CLI calls these). */
export function consoleUsersRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/console-users', async (_req, res) => void res.json((await listConsoleUsers(deps.db)).map(present)));
  r.post('/console-users', async (req, res) => {
    const body = parseOr400(newConsoleUserBody, req.body ?? {}, 'body');
    const made = await createConsoleUser(deps.db, body);
    req.log.info({ username: made.username, role: made.role }, 'console user created');
    // The password is answered only when generated here: a chosen one is never echoed.
    res.status(201).json({ username: made.username, role: made.role, ...(body.password === undefined && { password: made.password }) });
  });
  r.patch('/console-users/:username', async (req, res) => {
    const { username } = parseOr400(z.object({ username: consoleUsername }), req.params, 'path');
    const changes = parseOr400(consoleUserChanges, req.body ?? {}, 'body');
    await changeConsoleUser(deps.db, username, changes);
    req.log.info({ username, fields: Object.keys(changes) }, 'console user changed');
    const user = (await listConsoleUsers(deps.db)).find((u) => u.username === username)!;
    res.json(present(user));
  });
  return r;
}
