import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from '../helpers/stack';
import { makeTestPki, type TestPki } from '../helpers/test-pki';

const ROOT = join(__dirname, '..', '..');
const API_KEY = 'tcld-secret-api-key-never-printed';

/** A Matchflow process (api/main.ts or worker/main.ts) started as production starts it: its exit code and stderr. */
async function start(entry: 'api' | 'worker', env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, entry, 'main.ts')], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

/** No stack trace, no key: what an operator reads when a TLS setting is wrong. */
function expectCleanStop(result: { code: number; stderr: string }, pki: TestPki): void {
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toContain(readFileSync(pki.client.keyFile, 'utf8').split('\n')[1]);
  expect(result.stderr).not.toContain(API_KEY);
}

/**
 * The API and the worker stop with a message naming the TLS setting at fault. (No test reaches a TLS frontend: the
 * Temporal CLI's `server start-dev` has no TLS flags; the last case shows both processes do make TLS connections.)
 */
describe('API and worker start-up with incomplete, unreadable or mismatched Temporal TLS settings', () => {
  let pki: TestPki;
  beforeAll(() => (pki = makeTestPki()));
  afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

  it.each(['api', 'worker'] as const)('when the %s gets TEMPORAL_TLS_CERT_FILE without TEMPORAL_TLS_KEY_FILE, then it stops with a configuration error naming TEMPORAL_TLS_KEY_FILE', async (entry) => {
    const result = await start(entry, testEnv({ TEMPORAL_TLS_CERT_FILE: pki.client.certFile, TEMPORAL_API_KEY: API_KEY }));
    expectCleanStop(result, pki);
    expect(result.stderr).toContain('invalid configuration:\n  TEMPORAL_TLS_KEY_FILE: is required with TEMPORAL_TLS_CERT_FILE');
  });

  it.each(['api', 'worker'] as const)('when the %s gets a TEMPORAL_TLS_CA_FILE that does not exist, then it stops naming TEMPORAL_TLS_CA_FILE and the path', async (entry) => {
    const missing = join(pki.dir, 'missing', 'ca.pem');
    const result = await start(entry, testEnv({ TEMPORAL_TLS_CA_FILE: missing, TEMPORAL_TLS_CERT_FILE: pki.client.certFile, TEMPORAL_TLS_KEY_FILE: pki.client.keyFile }));
    expectCleanStop(result, pki);
    expect(result.stderr).toContain(`invalid configuration:\n  TEMPORAL_TLS_CA_FILE: cannot read ${missing}: no such file`);
  });

  it.each(['api', 'worker'] as const)('when the %s is told to use TLS and mTLS against the run\'s plain dev server, then it stops saying it cannot reach Temporal over TLS, with TLS advice', async (entry) => {
    const env = testEnv({ TEMPORAL_TLS_CA_FILE: pki.caFile, TEMPORAL_TLS_CERT_FILE: pki.client.certFile, TEMPORAL_TLS_KEY_FILE: pki.client.keyFile });
    const result = await start(entry, env);
    expectCleanStop(result, pki);
    expect(result.stderr).toContain(`cannot reach Temporal at ${env.TEMPORAL_ADDRESS} over TLS (CA from TEMPORAL_TLS_CA_FILE, client certificate)`);
    expect(result.stderr).toContain('TEMPORAL_TLS_CA_FILE must hold the CA that signed its certificate');
  });
});
