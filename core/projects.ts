import { randomUUID } from 'node:crypto';
import { insertProject, lockPaidMatchSettings, savePaidMatchSettings, setVersusSecret, type NewProjectRow } from '../db/projects';
import type { Db } from '../db/create-db';
import { EMPTY_PADRONE, type PadroneInput, type PadroneSettings } from '../domain/hosts/logins';
import { hashPassword } from '../domain/hosts/passwords';
import { ARRIVAL_ORDER, type GroupingRule } from '../domain/matchmaking/grouping';
import { DEFAULT_PAID_MATCH_SETTINGS, type PaidMatchSettings, type PaidMatchSettingsInput } from '../domain/paid-matches/settings';
import { DEFAULT_ITCH_API_BASE_URL, type CreateProject, type Project } from '../domain/projects';
import { newSecret, newVersusSecret } from '../domain/secrets';
import { Refused } from './errors';

/** Projects: created with fresh credentials, their secrets rotated, their paid-match settings changed. */

/** Creates a project with fresh credentials; admin passwords are stored as scrypt hashes, never in clear. */
export async function createProject(db: Db, input: CreateProject): Promise<Project> {
  const row: NewProjectRow = {
    id: randomUUID(),
    name: input.name,
    test_key: input.testKey ? newSecret() : null,
    server_token: newSecret(),
    itch_api_base_url: input.itch?.apiBaseUrl ?? DEFAULT_ITCH_API_BASE_URL,
    itch_server_key: input.itch?.serverKey ?? null,
    itch_game_id: input.itch?.gameId ?? null,
    steam_app_id: input.steam?.appId ?? null,
    steam_ticket_key: input.steam?.ticketKey?.toLowerCase() ?? null,
    versus_game_uuid: randomUUID(),
    versus_developer_uuid: input.versus?.developerUuid ?? randomUUID(),
    versus_api_secret: newVersusSecret(),
    grouping_rule: JSON.stringify(input.groupingRule ?? ARRIVAL_ORDER) as unknown as GroupingRule,
    padrone: JSON.stringify(await padroneSettings(input.padrone)),
    platform: JSON.stringify(newPaidMatchSettings(input.platform)),
    session_webhook: input.sessionWebhook ? JSON.stringify({ url: input.sessionWebhook.url, secret: newSecret() }) : null,
  };
  return insertProject(db, row);
}

async function padroneSettings(input: PadroneInput | undefined): Promise<PadroneSettings> {
  if (!input) return EMPTY_PADRONE;
  return { steam: input.steam, oculus: input.oculus, admins: await hashAdmins(input.admins), developers: input.developers };
}

/** Padrone admin logins as stored: scrypt hashes, never the password. */
export function hashAdmins(admins: { username: string; password: string }[]): Promise<PadroneSettings['admins']> {
  return Promise.all(admins.map(async (a) => ({ username: a.username, passwordHash: await hashPassword(a.password) })));
}

/**
 * The one rule of retirement: nothing new starts in a retired project (what runs ends as usual). Called where
 * something new would start; refused as not found, naming what.
 */
export function assertServing(project: Project, what: string): void {
  if (project.retiredAt) throw new Refused('notFound', `this project is retired: it takes no ${what}`);
}

/** Replaces the Versus API secret; tokens made with the old one stop verifying (their fingerprint differs). */
export function rotateVersusSecret(db: Db, id: string): Promise<Project | undefined> {
  return setVersusSecret(db, id, newVersusSecret());
}

/** Paid-match settings with the fields given changed; a project made before paid matches gets its client secret. */
export function paidMatchSettingsAfter(current: PaidMatchSettings | undefined, input: PaidMatchSettingsInput): PaidMatchSettings {
  return current ? { ...current, ...input } : newPaidMatchSettings(input);
}

function newPaidMatchSettings(input: PaidMatchSettingsInput = {}): PaidMatchSettings {
  return { ...DEFAULT_PAID_MATCH_SETTINGS, ...input, clientSecret: newSecret() };
}

/**
 * Changes a game's paid-match settings (only the fields given). A project made before paid matches gets its
 * client secret here; the row stays locked meanwhile, so two concurrent first calls cannot make two secrets.
 */
export async function updatePaidMatchSettings(db: Db, id: string, input: PaidMatchSettingsInput, opts: { rotateSecret?: boolean } = {}): Promise<Project | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await lockPaidMatchSettings(trx, id);
    if (!current) return undefined;
    const settings = paidMatchSettingsAfter(current.settings ?? undefined, input);
    // The old secret stops logging in at once; access tokens already issued live out their few minutes.
    if (opts.rotateSecret) settings.clientSecret = newSecret();
    return savePaidMatchSettings(trx, id, settings);
  });
}
