import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { paidMatchSettingsSchema, type PaidMatchSettingsInput } from '../domain/paid-matches/settings';
import { projectChangesSchema, type ProjectChanges } from '../domain/project-changes';
import { createProjectSchema, type CreateProject } from '../domain/projects';
import { plainMessage } from '../domain/wire';

/** The project CLI's flags: one per project setting, the same names for create and update. */
export const OPTIONS = {
  name: { type: 'string' }, json: { type: 'boolean' }, reveal: { type: 'boolean' }, retired: { type: 'boolean' }, help: { type: 'boolean' },
  'test-key': { type: 'boolean' }, 'no-test-key': { type: 'boolean' }, rotate: { type: 'string' }, clear: { type: 'string' },
  'itch-base-url': { type: 'string' }, 'itch-server-key': { type: 'string' }, 'itch-game-id': { type: 'string' },
  'steam-app-id': { type: 'string' }, 'steam-ticket-key': { type: 'string' }, 'versus-developer-uuid': { type: 'string' }, 'grouping-rule': { type: 'string' },
  'padrone-steam-web-api-key': { type: 'string' }, 'padrone-steam-base-url': { type: 'string' },
  'oculus-app-id': { type: 'string' }, 'oculus-app-secret': { type: 'string' }, 'oculus-base-url': { type: 'string' },
  admin: { type: 'string', multiple: true }, developer: { type: 'string', multiple: true },
  'match-info-url': { type: 'string' }, 'game-url': { type: 'string' }, 'rake-bps': { type: 'string' }, 'payout-table': { type: 'string' },
  'result-deadline-seconds': { type: 'string' }, currency: { type: 'string' }, 'no-result-policy': { type: 'string' },
  'session-webhook-url': { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Flags = Record<string, string | boolean | string[] | undefined>;

/** Settings `--clear` can take away (update only). */
const CLEARABLE = ['itch-server-key', 'itch-game-id', 'steam-app-id', 'steam-ticket-key', 'padrone-steam', 'oculus', 'admins', 'developers', 'session-webhook'] as const;

const str = (v: Flags, name: string) => (typeof v[name] === 'string' ? (v[name] as string) : undefined);
const num = (v: Flags, name: string) => (typeof v[name] === 'string' ? Number(v[name]) : undefined);
const given = (o: Record<string, unknown>) => (Object.values(o).some((x) => x !== undefined) ? o : undefined);

export function createInput(v: Flags): CreateProject {
  const itch = given({ apiBaseUrl: str(v, 'itch-base-url'), serverKey: str(v, 'itch-server-key'), gameId: str(v, 'itch-game-id') });
  const steam = given({ appId: num(v, 'steam-app-id'), ticketKey: str(v, 'steam-ticket-key') });
  const versus = given({ developerUuid: str(v, 'versus-developer-uuid') });
  const groupingRule = typeof v['grouping-rule'] === 'string' ? parseJson(v['grouping-rule'], '--grouping-rule') : undefined;
  const platform = given(platformFields(v));
  for (const flag of ['test-key', 'rotate', 'clear', 'retired']) if (v[flag] !== undefined) throw new Error(`--${flag} is for update (or list), not create`);
  const sessionWebhook = given({ url: str(v, 'session-webhook-url') });
  return checked(createProjectSchema, { name: v.name, testKey: !v['no-test-key'], itch, steam, versus, groupingRule, padrone: padroneFields(v, new Set(), 'create'), platform, sessionWebhook });
}

export function platformInput(v: Flags): PaidMatchSettingsInput {
  return checked(paidMatchSettingsSchema, platformFields(v));
}

/** `update`: only the flags given become changes; `--clear a,b` takes optional settings away. */
export function changesInput(v: Flags): ProjectChanges {
  const clear = new Set((str(v, 'clear') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const unknown = [...clear].filter((c) => !(CLEARABLE as readonly string[]).includes(c));
  if (unknown.length > 0) throw new Error(`--clear: ${unknown.join(', ')} cannot be cleared (only ${CLEARABLE.join(', ')})`);
  const cleared = <T>(flag: string, value: T) => {
    if (clear.has(flag) && value !== undefined) throw new Error(`--clear ${flag} and --${flag} contradict each other`);
    return clear.has(flag) ? null : value;
  };
  if (v['test-key'] && v['no-test-key']) throw new Error('--test-key and --no-test-key contradict each other');
  const testKey = v['test-key'] ? true : v['no-test-key'] ? false : undefined;
  const rotate = str(v, 'rotate')?.split(',').map((s) => s.trim());
  const itch = given({ apiBaseUrl: str(v, 'itch-base-url'), serverKey: cleared('itch-server-key', str(v, 'itch-server-key')), gameId: cleared('itch-game-id', str(v, 'itch-game-id')) });
  const steam = given({ appId: cleared('steam-app-id', num(v, 'steam-app-id')), ticketKey: cleared('steam-ticket-key', str(v, 'steam-ticket-key')) });
  const groupingRule = typeof v['grouping-rule'] === 'string' ? parseJson(v['grouping-rule'], '--grouping-rule') : undefined;
  if (clear.has('session-webhook') && v['session-webhook-url'] !== undefined) throw new Error('--clear session-webhook and --session-webhook-url contradict each other');
  const sessionWebhook = clear.has('session-webhook') ? null : given({ url: str(v, 'session-webhook-url') });
  const changes = { name: v.name, testKey, rotate, itch, steam, groupingRule, padrone: padroneFields(v, clear, 'update'), platform: given(platformFields(v)), sessionWebhook };
  return checked(projectChangesSchema, Object.fromEntries(Object.entries(changes).filter(([, x]) => x !== undefined)));
}

/** On update each flag changes its one field (the rest of the login is kept); on create a login needs its key flags. */
function padroneFields(v: Flags, clear: Set<string>, mode: 'create' | 'update') {
  const steamFields = given({ webApiKey: str(v, 'padrone-steam-web-api-key'), apiBaseUrl: str(v, 'padrone-steam-base-url') });
  const oculusFields = given({ appId: str(v, 'oculus-app-id'), appSecret: str(v, 'oculus-app-secret'), apiBaseUrl: str(v, 'oculus-base-url') });
  if (clear.has('padrone-steam') && steamFields) throw new Error('--clear padrone-steam and --padrone-steam-* flags contradict each other');
  if (clear.has('oculus') && oculusFields) throw new Error('--clear oculus and --oculus-* flags contradict each other');
  if (mode === 'create' && steamFields && !steamFields.webApiKey) throw new Error('--padrone-steam-base-url needs --padrone-steam-web-api-key');
  const steam = clear.has('padrone-steam') ? null : steamFields;
  const oculus = clear.has('oculus') ? null : oculusFields;
  const admins = clear.has('admins') ? [] : (v.admin as string[] | undefined)?.map(adminLogin);
  const developers = clear.has('developers') ? [] : (v.developer as string[] | undefined);
  return given({ steam, oculus, admins, developers });
}

/** `--admin ops:secret-password`: the first colon splits the name from the password. */
function adminLogin(flag: string) {
  const at = flag.indexOf(':');
  if (at < 1) throw new Error(`--admin ${flag.slice(0, 32)}: expected <username>:<password>`);
  return { username: flag.slice(0, at), password: flag.slice(at + 1) };
}

function platformFields(v: Flags) {
  const table = str(v, 'payout-table')?.split(',').map((n) => Number(n.trim()));
  return {
    matchInfoUrl: str(v, 'match-info-url'), gameUrl: str(v, 'game-url'), rakeBps: num(v, 'rake-bps'), payoutTableBps: table,
    resultDeadlineSeconds: num(v, 'result-deadline-seconds'), currency: str(v, 'currency'), noResultPolicy: str(v, 'no-result-policy'),
  };
}

/** The flag of each setting, so a refusal names what the user typed; a nested path falls back to its nearest parent. */
const FLAG_OF: Record<string, string> = {
  name: 'name', rotate: 'rotate', groupingRule: 'grouping-rule', 'versus.developerUuid': 'versus-developer-uuid',
  'itch.apiBaseUrl': 'itch-base-url', 'itch.serverKey': 'itch-server-key', 'itch.gameId': 'itch-game-id', 'steam.appId': 'steam-app-id', 'steam.ticketKey': 'steam-ticket-key',
  'padrone.steam': 'padrone-steam-web-api-key', 'padrone.steam.webApiKey': 'padrone-steam-web-api-key', 'padrone.steam.apiBaseUrl': 'padrone-steam-base-url',
  'padrone.oculus': 'oculus-app-id', 'padrone.oculus.appId': 'oculus-app-id', 'padrone.oculus.appSecret': 'oculus-app-secret', 'padrone.oculus.apiBaseUrl': 'oculus-base-url',
  'padrone.admins': 'admin', 'padrone.developers': 'developer', matchInfoUrl: 'match-info-url', gameUrl: 'game-url', rakeBps: 'rake-bps',
  payoutTableBps: 'payout-table', resultDeadlineSeconds: 'result-deadline-seconds', currency: 'currency', noResultPolicy: 'no-result-policy',
  sessionWebhook: 'session-webhook-url', 'sessionWebhook.url': 'session-webhook-url',
};

function flagOf(path: PropertyKey[]): string {
  const parts = path.map(String).filter((p, i) => !(i === 0 && p === 'platform'));
  for (let n = parts.length; n > 0; n--) {
    const flag = FLAG_OF[parts.slice(0, n).join('.')];
    if (flag) return `--${flag}`;
  }
  return parts.join('.') || 'input';
}

/** Parses with the API's own schema; a refusal names the flag (`--steam-ticket-key: must be 64 hex characters ...`). */
function checked<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input, { error: plainMessage });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${flagOf(i.path)}: ${i.message}`).join('\n'));
  return parsed.data;
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${option}: not valid JSON`);
  }
}
