import { lockProject, saveProjectChanges, type ProjectRowChanges } from '../db/projects';
import type { Db } from '../db/create-db';
import type { PadroneSettings } from '../domain/hosts/logins';
import { hashPassword } from '../domain/hosts/passwords';
import type { ProjectChanges } from '../domain/project-changes';
import type { Project } from '../domain/projects';
import { newSecret } from '../domain/secrets';
import { newPaidMatchSettings } from './projects';

/**
 * Applies a change of settings to a project (only the fields given; null takes an optional one away) in one
 * transaction, counting a new revision. Undefined when there is no such project, or it is retired.
 */
export async function changeProject(db: Db, id: string, changes: ProjectChanges): Promise<Project | undefined> {
  const admins = changes.padrone?.admins && (await hashedAdmins(changes.padrone.admins));
  return db.transaction().execute(async (trx) => {
    const current = await lockProject(trx, id);
    if (!current) return undefined;
    return saveProjectChanges(trx, id, rowChanges(current, changes, admins));
  });
}

function rowChanges(p: Project, c: ProjectChanges, admins: PadroneSettings['admins'] | undefined): ProjectRowChanges {
  const row: ProjectRowChanges = {};
  if (c.name !== undefined) row.name = c.name;
  if (c.testKey === false) row.test_key = null;
  if ((c.testKey === true && !p.testKey) || (c.rotate?.includes('testKey') && c.testKey !== false)) row.test_key = newSecret();
  if (c.rotate?.includes('serverToken')) row.server_token = newSecret();
  if (c.itch?.apiBaseUrl !== undefined) row.itch_api_base_url = c.itch.apiBaseUrl;
  if (c.itch?.serverKey !== undefined) row.itch_server_key = c.itch.serverKey;
  if (c.itch?.gameId !== undefined) row.itch_game_id = c.itch.gameId;
  if (c.steam?.appId !== undefined) row.steam_app_id = c.steam.appId;
  if (c.steam?.ticketKey !== undefined) row.steam_ticket_key = c.steam.ticketKey?.toLowerCase() ?? null;
  if (c.groupingRule) row.grouping_rule = JSON.stringify(c.groupingRule) as never;
  if (c.padrone) row.padrone = JSON.stringify(padroneAfter(p.padrone, c.padrone, admins));
  if (c.platform) row.platform = JSON.stringify(p.platform ? { ...p.platform, ...c.platform } : newPaidMatchSettings(c.platform));
  return row;
}

function padroneAfter(current: PadroneSettings, c: NonNullable<ProjectChanges['padrone']>, admins: PadroneSettings['admins'] | undefined): PadroneSettings {
  const next = { ...current };
  if (c.steam !== undefined) next.steam = c.steam ?? undefined;
  if (c.oculus !== undefined) next.oculus = c.oculus ?? undefined;
  if (admins) next.admins = admins;
  if (c.developers) next.developers = c.developers;
  return next;
}

/** Hashed before the row is locked: scrypt takes a while, and nothing should wait on the lock meanwhile. */
function hashedAdmins(admins: { username: string; password: string }[]): Promise<PadroneSettings['admins']> {
  return Promise.all(admins.map(async (a) => ({ username: a.username, passwordHash: await hashPassword(a.password) })));
}
