import { createProject } from '../core/projects';
import { listProjects } from '../db/projects';
import type { Db } from '../db/create-db';
import type { Project } from '../domain/projects';

/** What `npm start` and `npm run start:cluster` make on a first start, and how they say so. */

/** The console's first admin is made on the first start, its password shown that once. */
export function consoleLines(apiUrl: string, admin: { username: string; password: string } | undefined): string[] {
  const lines = ['', `Console: ${apiUrl}/console`];
  if (admin) lines.push(`  first admin (shown once): username ${admin.username}, password ${admin.password}`);
  lines.push('  more users: npm run console-user -- add <username> --role admin|operator|finance');
  return lines;
}

export interface ProjectsAtStart {
  all: Project[];
  /** The project `npm start` made on the first start (the oldest named demo). */
  demo?: Project;
  /** Made by this start: its secrets are shown once. */
  created?: Project;
}

export async function projectsAtStart(db: Db): Promise<ProjectsAtStart> {
  const all = await listProjects(db);
  if (all.length > 0) return { all, demo: all.find((p) => p.name === 'demo') };
  const created = await createProject(db, { name: 'demo', testKey: true });
  return { all: [created], demo: created, created };
}

