import { parseArgs } from 'node:util';
import { createDb } from '../db/create-db';
import { changeConsoleUser, createConsoleUser } from '../core/console/users';
import { listConsoleUsers } from '../db/console/users';
import { consolePassword, consoleRole, consoleUsername } from '../domain/console/users';
import { plainMessage } from '../domain/wire';
import { loadOrCreateDevSecrets, readLiveRuntime, resolveDataDir } from './data-dir';

const USAGE = `usage:
  npm run --silent console-user -- add <username> --role admin|operator|finance [--password-stdin]
  npm run --silent console-user -- list
  npm run --silent console-user -- set <username> [--role <role>] [--new-password | --password-stdin] [--disable | --enable]
A generated password is printed once. --password-stdin reads one from standard input instead (at least 12 characters).`;

const OPTIONS = {
  role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, 'new-password': { type: 'boolean' }, disable: { type: 'boolean' }, enable: { type: 'boolean' }, help: { type: 'boolean' },
} as const;

interface UserStore {
  add(u: { username: string; role: string; password?: string }): Promise<unknown>;
  list(): Promise<unknown>;
  set(username: string, u: { role?: string; password?: string; disabled?: boolean }): Promise<unknown>;
  close(): Promise<void>;
}

async function main(): Promise<number> {
  const { values: v, positionals: [command, username] } = parseArgs({ allowPositionals: true, options: OPTIONS });
  if (v.help || !command || !['add', 'list', 'set'].includes(command) || (command !== 'list' && !username)) {
    process.stderr.write(`${USAGE}\n`);
    return v.help ? 0 : 2;
  }
  if (v.disable && v.enable) throw new Error('--disable and --enable contradict each other');
  if (command === 'set' && !v.role && !v['password-stdin'] && !v['new-password'] && !v.disable && !v.enable) throw new Error('set: give --role, --new-password, --password-stdin, --disable or --enable');
  if (username !== undefined) check('<username>', consoleUsername, username);
  if (v.role !== undefined) check('--role', consoleRole, v.role);
  if (command === 'add' && !v.role) throw new Error('--role: is required (admin, operator or finance)');
  const given = v['password-stdin'] ? check('--password-stdin', consolePassword, (await readStdin()).replace(/\r?\n$/, '')) : undefined;
  const password = given ?? (v['new-password'] ? (await import('../core/console/users')).newConsolePassword() : undefined);

  const store = await openStore();
  try {
    let answer: unknown;
    if (command === 'list') answer = await store.list();
    else if (command === 'add') answer = await store.add({ username: username!, role: v.role!, password });
    else answer = await store.set(username!, { role: v.role, password, disabled: v.disable ? true : v.enable ? false : undefined });
    // A password made here (generated) is shown once; one read from stdin is never echoed.
    const shown = command === 'set' && v['new-password'] ? { ...(answer as object), password } : answer;
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function check<T>(flag: string, schema: { safeParse(v: unknown, o?: object): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown): T {
  const parsed = schema.safeParse(value, { error: plainMessage });
  if (!parsed.success) throw new Error(`${flag}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** As the project CLI: through a running `npm start`'s admin API (PGlite takes one process), else the database. */
async function openStore(): Promise<UserStore> {
  const dataDir = resolveDataDir(process.env);
  const runtime = process.env.DATABASE_URL ? undefined : readLiveRuntime(dataDir);
  if (runtime) return httpStore(runtime.apiUrl, process.env.ADMIN_TOKEN ?? loadOrCreateDevSecrets(dataDir).adminToken);
  const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  const present = (u: { username: string; role: string; createdAt: Date; disabled: boolean }) => ({ ...u, createdAt: u.createdAt.toISOString() });
  return {
    add: async (u) => {
      const made = await createConsoleUser(handle.db, { username: u.username, role: consoleRole.parse(u.role), password: u.password });
      return { username: made.username, role: made.role, ...(u.password === undefined && { password: made.password }) };
    },
    list: async () => (await listConsoleUsers(handle.db)).map(present),
    set: async (username, u) => {
      await changeConsoleUser(handle.db, username, { ...u, role: u.role === undefined ? undefined : consoleRole.parse(u.role) });
      return present((await listConsoleUsers(handle.db)).find((x) => x.username === username)!);
    },
    close: handle.close,
  };
}

function httpStore(apiUrl: string, adminToken: string): UserStore {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}/admin/console-users${path}`, {
      method, headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json()) as { error?: string };
    if (!res.ok) throw new Error(answer.error ?? `admin API answered ${res.status}`);
    return answer;
  };
  return {
    add: (u) => call('POST', '', u),
    list: () => call('GET', ''),
    set: (username, u) => call('PATCH', `/${encodeURIComponent(username)}`, u),
    close: async () => {},
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
