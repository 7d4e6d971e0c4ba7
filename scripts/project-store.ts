import { createDb } from '../db/create-db';
import { createProject, rotateVersusSecret, updatePaidMatchSettings } from '../core/projects';
import { changeProject } from '../core/project-changes';
import { findProject, listProjects, retireProject } from '../db/projects';
import { developerConfig } from '../domain/paid-matches/realm';
import type { PaidMatchSettingsInput } from '../domain/paid-matches/settings';
import type { ProjectChanges } from '../domain/project-changes';
import { presentChangedProject, presentProject, type CreateProject } from '../domain/projects';
import { loadOrCreateDevSecrets, readLiveRuntime, resolveDataDir } from './data-dir';

/** The project operations, whether they go to a running `npm start` or straight to the database. */
export interface ProjectStore {
  create(input: CreateProject): Promise<unknown>;
  list(reveal: boolean, retired: boolean): Promise<unknown[]>;
  show(id: string, reveal: boolean): Promise<unknown | undefined>;
  rotateVersusSecret(id: string): Promise<unknown | undefined>;
  setPlatform(id: string, input: PaidMatchSettingsInput): Promise<unknown | undefined>;
  update(id: string, changes: ProjectChanges): Promise<unknown | undefined>;
  retire(id: string): Promise<unknown | undefined>;
  developerConfig(id: string): Promise<unknown | undefined>;
  close(): Promise<void>;
}

/**
 * Two processes cannot open one PGlite directory. So while `npm start` runs on the embedded database, the CLI
 * goes through its admin API; otherwise (or with DATABASE_URL) it opens the database itself.
 */
export async function openStore(): Promise<ProjectStore> {
  const dataDir = resolveDataDir(process.env);
  const runtime = process.env.DATABASE_URL ? undefined : readLiveRuntime(dataDir);
  if (runtime) return httpStore(runtime.apiUrl, process.env.ADMIN_TOKEN ?? loadOrCreateDevSecrets(dataDir).adminToken);
  const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  return {
    create: async (input) => presentProject(await createProject(handle.db, input), true),
    list: async (reveal, retired) => (await listProjects(handle.db, { includeRetired: retired })).map((p) => presentProject(p, reveal)),
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
    // Straight to the database, no Temporal: running matchers learn a new grouping rule from their next ticket.
    update: async (id, changes) => {
      const changed = await changeProject(handle.db, id, changes);
      return changed && presentChangedProject(changed.project, changed.made);
    },
    retire: async (id) => {
      const p = await retireProject(handle.db, id);
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
    list: async (reveal, retired) => (await call('GET', `/projects?reveal=${reveal}&retired=${retired}`)) as unknown[],
    show: (id, reveal) => call('GET', `/projects/${encodeURIComponent(id)}?reveal=${reveal}`),
    rotateVersusSecret: (id) => call('POST', `/projects/${encodeURIComponent(id)}/versus/rotate-secret`),
    setPlatform: (id, input) => call('PUT', `/projects/${encodeURIComponent(id)}/platform`, input),
    update: (id, changes) => call('PATCH', `/projects/${encodeURIComponent(id)}`, changes),
    retire: (id) => call('DELETE', `/projects/${encodeURIComponent(id)}`),
    developerConfig: (id) => call('GET', `/projects/${encodeURIComponent(id)}/developer-config.json`),
    close: async () => {},
  };
}
