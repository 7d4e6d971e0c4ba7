import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { EMPTY_PADRONE } from '../domain/hosts/logins';
import { DEFAULT_PAID_MATCH_SETTINGS, type PaidMatchSettings } from '../domain/paid-matches/settings';
import type { Project } from '../domain/projects';
import type { Db } from './create-db';
import type { ProjectsTable } from './schema';

/** A project's row as first written: the core picks its ids and secrets (core/projects.ts). */
export type NewProjectRow = Omit<Insertable<ProjectsTable>, 'created_at' | 'revision' | 'retired_at'>;
/** The columns a change of settings writes (core/project-changes.ts works them out). */
export type ProjectRowChanges = Omit<Updateable<ProjectsTable>, 'id' | 'created_at' | 'revision' | 'retired_at'>;

export async function insertProject(db: Db, row: NewProjectRow): Promise<Project> {
  return toProject(await db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow());
}

/** A project, retired or not: what may still happen in a retired one is the core's rule (core/projects.ts assertServing). */
export async function findProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toProject(row);
}

/** The project's row, locked until the transaction ends: two changes at once apply one after the other. */
export async function lockProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).where('retired_at', 'is', null).forUpdate().executeTakeFirst();
  return row && toProject(row);
}

export async function saveProjectChanges(db: Db, id: string, changes: ProjectRowChanges): Promise<Project> {
  const row = await db.updateTable('projects').set({ ...changes, revision: sql<number>`revision + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return toProject(row);
}

/** Retires a project once; a second call keeps the first time and changes nothing. */
export async function retireProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.updateTable('projects').set({ retired_at: sql<Date>`coalesce(retired_at, now())` }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toProject(row);
}

/** The Versus surface addresses projects by game uuid. */
export async function findProjectByVersusGame(db: Db, gameUuid: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('versus_game_uuid', '=', gameUuid).where('retired_at', 'is', null).executeTakeFirst();
  return row && toProject(row);
}

/** Replaces the Versus API secret; tokens made with the old one stop verifying (their fingerprint differs). */
export async function setVersusSecret(db: Db, id: string, apiSecret: string): Promise<Project | undefined> {
  const row = await db.updateTable('projects').set({ versus_api_secret: apiSecret }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toProject(row);
}

/** A project's paid-match settings, its row locked until the transaction ends (so two first calls make one secret). */
export async function lockPaidMatchSettings(db: Db, id: string): Promise<{ settings: PaidMatchSettings | null } | undefined> {
  const row = await db.selectFrom('projects').select('platform').where('id', '=', id).forUpdate().executeTakeFirst();
  return row && { settings: row.platform };
}

export async function savePaidMatchSettings(db: Db, id: string, settings: PaidMatchSettings): Promise<Project> {
  return toProject(await db.updateTable('projects').set({ platform: JSON.stringify(settings) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow());
}

export async function listProjects(db: Db, opts: { includeRetired?: boolean } = {}): Promise<Project[]> {
  const rows = await db.selectFrom('projects').selectAll().$if(!opts.includeRetired, (q) => q.where('retired_at', 'is', null)).orderBy('created_at').execute();
  return rows.map(toProject);
}

function toProject(r: Selectable<ProjectsTable>): Project {
  return {
    id: r.id,
    name: r.name,
    testKey: r.test_key ?? undefined,
    serverToken: r.server_token,
    itch: { apiBaseUrl: r.itch_api_base_url, serverKey: r.itch_server_key ?? undefined, gameId: r.itch_game_id ?? undefined },
    steam: { appId: r.steam_app_id ?? undefined, ticketKey: r.steam_ticket_key ?? undefined },
    versus: { gameUuid: r.versus_game_uuid, developerUuid: r.versus_developer_uuid, apiSecret: r.versus_api_secret },
    groupingRule: r.grouping_rule,
    padrone: { ...EMPTY_PADRONE, ...r.padrone },
    // Settings stored before a field existed read as its default.
    platform: r.platform ? { ...DEFAULT_PAID_MATCH_SETTINGS, ...r.platform } : undefined,
    sessionWebhook: r.session_webhook ?? undefined,
    revision: r.revision,
    retiredAt: r.retired_at ? new Date(r.retired_at).toISOString() : undefined,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
