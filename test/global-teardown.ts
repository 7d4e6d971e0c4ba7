import { Client } from 'pg';
import { exportHistories, RECORDED_HISTORIES_DIR } from './replay/export-histories';

export default async function globalTeardown(): Promise<void> {
  const devServer = globalThis.__matchflowDevServer;
  if (devServer) {
    // The replay step after jest (npm test) replays what this run's workflows wrote, crashes included.
    const count = await exportHistories(devServer.address, RECORDED_HISTORIES_DIR);
    process.stderr.write(`recorded ${count} workflow histories in ${RECORDED_HISTORIES_DIR}\n`);
    await devServer.stop();
  }
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
