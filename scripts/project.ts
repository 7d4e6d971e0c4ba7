import { parseArgs } from 'node:util';
import { createDb } from '../db/create-db';
import { createProject, rotateVersusSecret, updatePaidMatchSettings } from '../core/projects';
import { findProject, listProjects } from '../db/projects';
import { developerConfig } from '../domain/paid-matches/realm';
import { paidMatchSettingsSchema, type PaidMatchSettingsInput } from '../domain/paid-matches/settings';
import { createProjectSchema, presentProject, type CreateProject } from '../domain/projects';
import { loadOrCreateDevSecrets, readLiveRuntime, resolveDataDir } from './data-dir';

const USAGE = `usage:
  npm run --silent project -- create --name <name> [--json] [--no-test-key]
        [--itch-base-url <url>] [--itch-server-key <key>] [--itch-game-id <id>]
        [--steam-app-id <id>] [--steam-ticket-key <64 hex>] [--versus-developer-uuid <uuid>]
        [--grouping-rule '{"kind":"rating","tolerance":100,"widenPerSecond":10,"maxTolerance":600}']
  npm run --silent project -- list [--json] [--reveal]
  npm run --silent project -- show <projectId> [--json] [--reveal]
  npm run --silent project -- rotate-versus-secret <projectId> [--json]
  npm run --silent project -- set-platform <projectId> [--match-info-url <url>] [--game-url <url>] [--rake-bps <n>]
        [--payout-table <bps,bps,...>] [--result-deadline-seconds <n>] [--no-result-policy refund|settleReported]
        [--currency <ISO code>] [--json]
  npm run --silent project -- developer-config <projectId>      (prints developer-config.json, client secret included)`;

/** The same three operations, whether they go to a running `npm start` or straight to the database. */
interface ProjectStore {
  create(input: CreateProject): Promise<unknown>;
  list(reveal: boolean): Promise<unknown[]>;
  show(id: string, reveal: boolean): Promise<unknown | undefined>;
  rotateVersusSecret(id: string): Promise<unknown | undefined>;
  setPlatform(id: string, input: PaidMatchSettingsInput): Promise<unknown | undefined>;
  developerConfig(id: string): Promise<unknown | undefined>;
  close(): Promise<void>;
}

/**
 * Two processes cannot open one PGlite directory. So while `npm start` runs on the embedded database, the CLI
 * goes through its admin API; otherwise (or with DATABASE_URL) it opens the database itself.
 */
async function openStore(): Promise<ProjectStore> {
  const dataDir = resolveDataDir(process.env);
  const runtime = process.env.DATABASE_URL ? undefined : readLiveRuntime(dataDir);
  if (runtime) return httpStore(runtime.apiUrl, process.env.ADMIN_TOKEN ?? loadOrCreateDevSecrets(dataDir).adminToken);
  const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  return {
    create: async (input) => presentProject(await createProject(handle.db, input), true),
    list: async (reveal) => (await listProjects(handle.db)).map((p) => presentProject(p, reveal)),
    show: async (id, reveal) => {
      const p = await findProject(handle.db, id);
      return p && presentProject(p, reveal);
    },
    rotateVersusSecret: async (id) => {
      const p = await rotateVersusSecret(handle.db, id);
      return p && presentProject(p, true);
    },
    setPlatform: async (id, input) => {
      const p = await updatePaidMatchSettings(handle.db, id, input);
      return p && presentProject(p, false);
    },
    developerConfig: async (id) => {
      const p = await updatePaidMatchSettings(handle.db, id, {});
      // Without a running API to ask, the URL is the one the API will serve at.
      const base = process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`;
      return p && developerConfig(base.replace(/\/$/, ''), process.env.PLATFORM_REALM ?? 'letsbet', p.id, p.platform!.clientSecret);
    },
    close: handle.close,
  };
}

function httpStore(apiUrl: string, adminToken: string): ProjectStore {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 404) return undefined;
    const answer = (await res.json()) as { error?: string };
    if (!res.ok) throw new Error(answer.error ?? `admin API answered ${res.status}`);
    return answer;
  };
  return {
    create: (input) => call('POST', '/projects', input),
    list: async (reveal) => (await call('GET', `/projects?reveal=${reveal}`)) as unknown[],
    show: (id, reveal) => call('GET', `/projects/${encodeURIComponent(id)}?reveal=${reveal}`),
    rotateVersusSecret: (id) => call('POST', `/projects/${encodeURIComponent(id)}/versus/rotate-secret`),
    setPlatform: (id, input) => call('PUT', `/projects/${encodeURIComponent(id)}/platform`, input),
    developerConfig: (id) => call('GET', `/projects/${encodeURIComponent(id)}/developer-config.json`),
    close: async () => {},
  };
}

function createInput(v: Record<string, string | boolean | undefined>): CreateProject {
  const itch = v['itch-base-url'] || v['itch-server-key'] || v['itch-game-id']
    ? { apiBaseUrl: v['itch-base-url'], serverKey: v['itch-server-key'], gameId: v['itch-game-id'] } : undefined;
  const steam = v['steam-app-id'] || v['steam-ticket-key']
    ? { appId: v['steam-app-id'] === undefined ? undefined : Number(v['steam-app-id']), ticketKey: v['steam-ticket-key'] } : undefined;
  const versus = v['versus-developer-uuid'] ? { developerUuid: v['versus-developer-uuid'] } : undefined;
  const groupingRule = typeof v['grouping-rule'] === 'string' ? parseJson(v['grouping-rule'], '--grouping-rule') : undefined;
  const parsed = createProjectSchema.safeParse({ name: v.name, testKey: !v['no-test-key'], itch, steam, versus, groupingRule });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
}

function platformInput(v: Record<string, string | boolean | undefined>): PaidMatchSettingsInput {
  const num = (name: string) => (typeof v[name] === 'string' ? Number(v[name]) : undefined);
  const table = typeof v['payout-table'] === 'string' ? v['payout-table'].split(',').map((n) => Number(n.trim())) : undefined;
  const parsed = paidMatchSettingsSchema.safeParse({
    matchInfoUrl: v['match-info-url'], gameUrl: v['game-url'], rakeBps: num('rake-bps'), payoutTableBps: table,
    resultDeadlineSeconds: num('result-deadline-seconds'), currency: v.currency, noResultPolicy: v['no-result-policy'],
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
  return parsed.data;
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${option}: not valid JSON`);
  }
}

function print(value: unknown, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${JSON.stringify(value, null, 2)}\n`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' }, json: { type: 'boolean' }, reveal: { type: 'boolean' }, 'no-test-key': { type: 'boolean' },
      'itch-base-url': { type: 'string' }, 'itch-server-key': { type: 'string' }, 'itch-game-id': { type: 'string' },
      'steam-app-id': { type: 'string' }, 'steam-ticket-key': { type: 'string' }, 'versus-developer-uuid': { type: 'string' }, 'grouping-rule': { type: 'string' }, help: { type: 'boolean' },
      'match-info-url': { type: 'string' }, 'game-url': { type: 'string' }, 'rake-bps': { type: 'string' }, 'payout-table': { type: 'string' },
      'result-deadline-seconds': { type: 'string' }, currency: { type: 'string' }, 'no-result-policy': { type: 'string' },
    },
  });
  const [command, id] = positionals;
  const commands = ['create', 'list', 'show', 'rotate-versus-secret', 'set-platform', 'developer-config'];
  const needsId = command !== 'create' && command !== 'list';
  if (values.help || !command || !commands.includes(command) || (needsId && !id)) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const input = command === 'create' ? createInput(values) : undefined;
  const platform = command === 'set-platform' ? platformInput(values) : undefined;
  const store = await openStore();
  try {
    const json = !!values.json;
    if (input) print(await store.create(input), json);
    else if (command === 'list') print(await store.list(!!values.reveal), json);
    else {
      const project = command === 'show' ? await store.show(id!, !!values.reveal)
        : command === 'set-platform' ? await store.setPlatform(id!, platform!)
          : command === 'developer-config' ? await store.developerConfig(id!)
            : await store.rotateVersusSecret(id!);
      if (!project) {
        process.stderr.write(`no project ${id}\n`);
        return 1;
      }
      print(project, json);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
