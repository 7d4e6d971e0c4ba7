import { randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { ARRIVAL_ORDER, type GroupingRule } from '../domain/matchmaking/grouping';
import { EMPTY_PADRONE, type PadroneInput, type PadroneSettings } from '../domain/hosts/logins';
import { hashPassword } from '../domain/hosts/passwords';
import { DEFAULT_PAID_MATCH_SETTINGS, type PaidMatchSettings, type PaidMatchSettingsInput } from '../domain/paid-matches/settings';
import { DEFAULT_ITCH_API_BASE_URL, type CreateProject, type Project } from '../domain/projects';
import type { Db } from './create-db';
import type { ProjectsTable } from './schema';

const secret = () => randomBytes(24).toString('base64url');
const versusSecret = () => randomBytes(20).toString('hex');

/** Admin passwords are stored as scrypt hashes, never in clear. */
async function padroneSettings(input: PadroneInput | undefined): Promise<PadroneSettings> {
  if (!input) return EMPTY_PADRONE;
  const admins = await Promise.all(input.admins.map(async (a) => ({ username: a.username, passwordHash: await hashPassword(a.password) })));
  return { steam: input.steam, oculus: input.oculus, admins, developers: input.developers };
}

/** Creates a project with fresh credentials. */
export async function createProject(db: Db, input: CreateProject): Promise<Project> {
  const row = await db
    .insertInto('projects')
    .values({
      id: randomUUID(),
      name: input.name,
      test_key: input.testKey ? secret() : null,
      server_token: secret(),
      itch_api_base_url: input.itch?.apiBaseUrl ?? DEFAULT_ITCH_API_BASE_URL,
      itch_server_key: input.itch?.serverKey ?? null,
      itch_game_id: input.itch?.gameId ?? null,
      steam_app_id: input.steam?.appId ?? null,
      steam_ticket_key: input.steam?.ticketKey?.toLowerCase() ?? null,
      versus_game_uuid: randomUUID(),
      versus_developer_uuid: input.versus?.developerUuid ?? randomUUID(),
      versus_api_secret: versusSecret(),
      grouping_rule: JSON.stringify(input.groupingRule ?? ARRIVAL_ORDER) as unknown as GroupingRule,
      padrone: JSON.stringify(await padroneSettings(input.padrone)),
      platform: JSON.stringify(newPaidMatchSettings(input.platform)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toProject(row);
}

export async function findProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toProject(row);
}

/** The Versus surface addresses projects by game uuid. */
export async function findProjectByVersusGame(db: Db, gameUuid: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('versus_game_uuid', '=', gameUuid).executeTakeFirst();
  return row && toProject(row);
}

/** Replaces the Versus API secret; tokens made with the old one stop verifying (their fingerprint differs). */
export async function rotateVersusSecret(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.updateTable('projects').set({ versus_api_secret: versusSecret() }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toProject(row);
}

function newPaidMatchSettings(input: PaidMatchSettingsInput = {}): PaidMatchSettings {
  return { ...DEFAULT_PAID_MATCH_SETTINGS, ...input, clientSecret: secret() };
}

/**
 * Changes a game's paid-match settings (only the fields given). A project made before paid matches gets its
 * client secret here; a lock on the row keeps two concurrent first calls from making two secrets.
 */
export async function updatePaidMatchSettings(db: Db, id: string, input: PaidMatchSettingsInput, opts: { rotateSecret?: boolean } = {}): Promise<Project | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('projects').select('platform').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) return undefined;
    const platform = current.platform ? { ...current.platform, ...input } : newPaidMatchSettings(input);
    // The old secret stops logging in at once; access tokens already issued live out their few minutes.
    if (opts.rotateSecret) platform.clientSecret = secret();
    const row = await trx.updateTable('projects').set({ platform: JSON.stringify(platform) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    return toProject(row);
  });
}

export async function listProjects(db: Db): Promise<Project[]> {
  const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').execute();
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
    createdAt: new Date(r.created_at).toISOString(),
  };
}
