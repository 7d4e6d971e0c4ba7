import type { Db } from './create-db';

export interface PendingSeed {
  projectId: string;
  secretFingerprint: string;
}

export async function recordSeed(db: Db, tokenDigest: string, seed: PendingSeed, expiresAt: Date): Promise<void> {
  await db.insertInto('versus_seeds').values({ token_digest: tokenDigest, project_id: seed.projectId, secret_fingerprint: seed.secretFingerprint, expires_at: expiresAt })
    .onConflict((oc) => oc.column('token_digest').doNothing()).execute();
}

/** The seed a token was made from, while it waits for activation; undefined once expired or unknown. */
export async function pendingSeed(db: Db, tokenDigest: string): Promise<PendingSeed | undefined> {
  const row = await db.selectFrom('versus_seeds').select(['project_id', 'secret_fingerprint'])
    .where('token_digest', '=', tokenDigest).where('expires_at', '>', new Date()).executeTakeFirst();
  return row && { projectId: row.project_id, secretFingerprint: row.secret_fingerprint };
}

export async function forgetSeed(db: Db, tokenDigest: string): Promise<void> {
  await db.deleteFrom('versus_seeds').where('token_digest', '=', tokenDigest).execute();
}
