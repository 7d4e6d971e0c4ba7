import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDb } from '../db/create-db';
import { createLogger } from '../core/log';
import { startDevServer, type DevServer } from '../scripts/dev-server';
import { newSigningKey } from '../scripts/data-dir';
import { locateTemporalCli } from '../scripts/temporal-cli';
import { locateChromium } from '../scripts/chromium';
import { writeWorkflowBundle } from '../worker/bundle';
import { RECORDED_HISTORIES_DIR } from './replay/export-histories';

declare global {
  var __matchflowDevServer: DevServer | undefined;
  var __matchflowTestDb: { adminUrl: string; name: string } | undefined;
}

/** Base database the per-run database is created from; override with DATABASE_URL. */
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One Temporal dev server, one fresh database and one workflow bundle for the whole run. */
export default async function globalSetup(): Promise<void> {
  // Histories this run records (test/global-teardown.ts, and tests with dev servers of their own) start from none.
  rmSync(RECORDED_HISTORIES_DIR, { recursive: true, force: true });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', 'test-setup', 2);
  const cliPath = await locateTemporalCli(log);
  const [devServer, databaseUrl, bundlePath] = await Promise.all([
    // A loaded 2-core machine can take far longer than the SDK's 5 s to bring the frontend up.
    startDevServer({ cliPath, headless: true, readyTimeoutMs: 180_000, log }),
    createRunDatabase(),
    bundleOnce(),
  ]);
  globalThis.__matchflowDevServer = devServer;
  process.env.MF_TEST_TEMPORAL_ADDRESS = devServer.address;
  process.env.MF_TEST_DATABASE_URL = databaseUrl;
  process.env.MF_TEST_BUNDLE = bundlePath;
  // The console's browser tests drive Debian's Chromium, installed here where missing; only they fail without it.
  try {
    process.env.MF_TEST_CHROMIUM = locateChromium(log);
  } catch (err) {
    process.env.MF_TEST_CHROMIUM_ERROR = (err as Error).message;
  }
  // One RSA key for the run: generating one per test file would cost more than the tests that use it.
  process.env.MF_TEST_PLATFORM_KEY = newSigningKey();
}

export async function createRunDatabase(): Promise<string> {
  const name = `matchflow_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: BASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  globalThis.__matchflowTestDb = { adminUrl: BASE_URL, name };
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString(), dataDir: tmpdir() });
  await handle.close();
  return url.toString();
}

export function bundleOnce(): Promise<string> {
  return writeWorkflowBundle(join(mkdtempSync(join(tmpdir(), 'matchflow-bundle-')), 'workflows.js'));
}
