import { lockProject, saveProjectChanges, type ProjectRowChanges } from '../db/projects';
import type { Db } from '../db/create-db';
import { DEFAULT_OCULUS_API_BASE_URL, DEFAULT_STEAM_API_BASE_URL, type PadroneSettings } from '../domain/hosts/logins';
import type { GroupingRule } from '../domain/matchmaking/grouping';
import type { ProjectChanges } from '../domain/project-changes';
import type { Project } from '../domain/projects';
import { newSecret } from '../domain/secrets';
import { Refused } from './errors';
import { hashAdmins, paidMatchSettingsAfter } from './projects';

/** A changed project, and which of its secrets the change made (shown once, as at creation). */
export interface ChangedProject {
  project: Project;
  made: { testKey: boolean; serverToken: boolean; sessionWebhookSecret: boolean };
}

/**
 * Applies a change of settings to a project (only the fields given; null takes an optional one away) in one
 * transaction, counting a new revision. Undefined when there is no such project, or it is retired.
 */
export async function changeProject(db: Db, id: string, changes: ProjectChanges): Promise<ChangedProject | undefined> {
  // Hashed before the row is locked: scrypt takes a while, and nothing should wait on the lock meanwhile.
  const admins = changes.padrone?.admins && (await hashAdmins(changes.padrone.admins));
  return db.transaction().execute(async (trx) => {
    const current = await lockProject(trx, id);
    if (!current) return undefined;
    const row = rowChanges(current, changes, admins);
    const project = await saveProjectChanges(trx, id, row);
    const sessionWebhookSecret = !!project.sessionWebhook && project.sessionWebhook.secret !== current.sessionWebhook?.secret;
    return { project, made: { testKey: !!row.test_key, serverToken: row.server_token !== undefined, sessionWebhookSecret } };
  });
}

function rowChanges(p: Project, c: ProjectChanges, admins: PadroneSettings['admins'] | undefined): ProjectRowChanges {
  const row: ProjectRowChanges = {};
  if (c.name !== undefined) row.name = c.name;
  Object.assign(row, testKeyChanges(p, c));
  if (c.rotate?.includes('serverToken')) row.server_token = newSecret();
  if (c.itch?.apiBaseUrl !== undefined) row.itch_api_base_url = c.itch.apiBaseUrl;
  if (c.itch?.serverKey !== undefined) row.itch_server_key = c.itch.serverKey;
  if (c.itch?.gameId !== undefined) row.itch_game_id = c.itch.gameId;
  if (c.steam?.appId !== undefined) row.steam_app_id = c.steam.appId;
  if (c.steam?.ticketKey !== undefined) row.steam_ticket_key = c.steam.ticketKey?.toLowerCase() ?? null;
  // Stored as JSON text, as at creation.
  if (c.groupingRule) row.grouping_rule = JSON.stringify(c.groupingRule) as unknown as GroupingRule;
  if (c.padrone) row.padrone = JSON.stringify(padroneAfter(p.padrone, c.padrone, admins));
  if (c.platform) row.platform = JSON.stringify(paidMatchSettingsAfter(p.platform, c.platform));
  Object.assign(row, sessionWebhookChanges(p, c));
  return row;
}

/** A new URL keeps the secret (receivers keep verifying); the first URL, or `rotate`, makes one; null forgets both. */
function sessionWebhookChanges(p: Project, c: ProjectChanges): Pick<ProjectRowChanges, 'session_webhook'> {
  const rotate = c.rotate?.includes('sessionWebhookSecret');
  if (c.sessionWebhook === null) {
    if (rotate) throw new Refused('invalid', 'rotate: sessionWebhookSecret cannot be rotated while sessionWebhook: null removes the webhook');
    return { session_webhook: null };
  }
  if (!c.sessionWebhook && !rotate) return {};
  const url = c.sessionWebhook?.url ?? p.sessionWebhook?.url;
  if (!url) throw new Refused('invalid', 'rotate: this project has no session webhook; set one with sessionWebhook: {"url": ...} (which makes its secret)');
  const secret = rotate || !p.sessionWebhook ? newSecret() : p.sessionWebhook.secret;
  return { session_webhook: JSON.stringify({ url, secret }) };
}

/** Off forgets the key; on makes one if there is none; rotating needs test logins on (it never turns them on by itself). */
function testKeyChanges(p: Project, c: ProjectChanges): Pick<ProjectRowChanges, 'test_key'> {
  if (c.testKey === false) {
    if (c.rotate?.includes('testKey')) throw new Refused('invalid', 'rotate: testKey cannot be rotated while testKey: false turns test logins off');
    return { test_key: null };
  }
  const on = c.testKey === true || !!p.testKey;
  if (c.rotate?.includes('testKey') && !on) throw new Refused('invalid', 'rotate: test logins are off for this project; turn them on with testKey: true (which makes a new key)');
  if ((c.testKey === true && !p.testKey) || c.rotate?.includes('testKey')) return { test_key: newSecret() };
  return {};
}

/** Steam and Oculus merge field by field (a new key keeps a custom base URL); null takes the whole login away. */
function padroneAfter(current: PadroneSettings, c: NonNullable<ProjectChanges['padrone']>, admins: PadroneSettings['admins'] | undefined): PadroneSettings {
  const next = { ...current };
  if (c.steam !== undefined) next.steam = c.steam === null ? undefined : complete('padrone.steam', { apiBaseUrl: DEFAULT_STEAM_API_BASE_URL, ...current.steam, ...defined(c.steam) }, ['webApiKey']);
  if (c.oculus !== undefined) {
    next.oculus = c.oculus === null ? undefined : complete('padrone.oculus', { apiBaseUrl: DEFAULT_OCULUS_API_BASE_URL, ...current.oculus, ...defined(c.oculus) }, ['appId', 'appSecret']);
  }
  if (admins) next.admins = admins;
  if (c.developers) next.developers = c.developers;
  return next;
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A login first set by a change needs every field a creation would have asked for. */
function complete<T extends object>(where: string, merged: Partial<T>, required: (keyof T & string)[]): T {
  const missing = required.filter((k) => merged[k] === undefined);
  if (missing.length > 0) throw new Refused('invalid', `${where}: ${missing.join(', ')} required (no ${where.split('.')[1]} login is set yet)`, missing.map((k) => ({ path: `body.${where}.${k}`, message: 'is required' })));
  return merged as T;
}
