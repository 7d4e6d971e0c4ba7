import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { consoleUserChanges, newConsoleUserBody } from './console-users';
import { body, COMMON, error, json, pathParam, SECURITY } from './openapi-kit';

const admin = { tags: ['admin'], security: SECURITY.admin };
const user = z.object({
  username: z.string(), role: z.enum(['admin', 'operator', 'finance']), createdAt: z.string().meta({ description: 'ISO-8601.' }),
  disabled: z.boolean().meta({ description: 'A disabled user cannot sign in.' }),
});
const ada = { username: 'ada', role: 'operator' as const, createdAt: '2026-11-30T12:00:00.000Z', disabled: false };

/** Who may sign in to the console at /console (the console-user CLI calls these). */
export function registerConsoleUsers(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/admin/console-users', ...admin, summary: 'List console users',
    description: 'Everyone who may sign in to the web console at `/console`, with their role: `admin` (everything, audit log included), `operator` (live play and its '
      + 'actions) or `finance` (money and results, read only). Passwords are stored as scrypt hashes and never shown.',
    responses: { 200: json('The users, by name.', z.array(user), [ada]), ...COMMON.adminToken },
  });
  r.registerPath({
    method: 'post', path: '/admin/console-users', ...admin, summary: 'Add a console user',
    description: 'Adds someone who may sign in to the console. Leave `password` out to have a strong one generated: the answer shows it once. A password you choose is '
      + 'never echoed. A name already taken is a 409.',
    request: { ...body(newConsoleUserBody, { username: 'ada', role: 'operator' }) },
    responses: {
      201: json('Added; `password` only when generated.', z.object({ username: z.string(), role: z.string(), password: z.string().optional() }), { username: 'ada', role: 'operator', password: 'q2VYk3mW9xTn4bR7cA1sZp0d' }),
      ...COMMON.malformed, 409: error('The name is taken.', { error: 'a console user named ada exists', code: 'conflict' }), ...COMMON.adminToken,
    },
  });
  r.registerPath({
    method: 'patch', path: '/admin/console-users/{username}', ...admin, summary: 'Change a console user',
    description: 'Changes a user\'s role or password, or disables them (`disabled: true`) or enables them again. Any change signs the user out of every browser, so a new '
      + 'role or password applies at once.',
    request: { params: z.object({ username: pathParam('The console username.', 'ada') }), ...body(consoleUserChanges, { role: 'finance' }) },
    responses: {
      200: json('The user now.', user, { ...ada, role: 'finance' }), ...COMMON.malformed,
      404: error('No such user.', { error: 'no console user named ada', code: 'notFound' }), ...COMMON.adminToken,
    },
  });
}
