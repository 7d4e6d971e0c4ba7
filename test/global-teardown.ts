import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__matchflowDevServer?.stop();
  const db = globalThis.__matchflowTestDb;
  if (!db || process.env.KEEP_TEST_DB) return;
  const admin = new Client({ connectionString: db.adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
