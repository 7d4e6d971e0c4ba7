import type { Db } from '../create-db';

export interface AuditEntry {
  username: string;
  role: string;
  action: string;
  target?: string;
  outcome: string;
  detail?: unknown;
  ip?: string;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  at: string;
}

export async function appendAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insertInto('console_audit').values({
    username: e.username, role: e.role, action: e.action, target: e.target ?? null, outcome: e.outcome, detail: e.detail === undefined ? null : JSON.stringify(e.detail), ip: e.ip ?? null,
  }).execute();
}

/** Newest first, by sequence (keyset paging with `before`); one user's when named. */
export async function listAudit(db: Db, f: { username?: string; before?: number; limit: number }): Promise<AuditRecord[]> {
  let q = db.selectFrom('console_audit').selectAll();
  if (f.username) q = q.where('username', '=', f.username);
  if (f.before !== undefined) q = q.where('seq', '<', String(f.before));
  const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    seq: Number(r.seq), at: r.at.toISOString(), username: r.username, role: r.role, action: r.action, target: r.target ?? undefined, outcome: r.outcome, detail: r.detail ?? undefined, ip: r.ip ?? undefined,
  }));
}
