import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeListenPort } from '../../scripts/ports';
import { testEnv } from '../helpers/stack';

const ROOT = join(__dirname, '..', '..');

/** An API process (api/main.ts) started the way production starts it, with one dependency pointed at nothing. */
async function startApi(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'api', 'main.ts')], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('start-up when Temporal or PostgreSQL cannot be reached', () => {
  it('when TEMPORAL_ADDRESS names a port where nothing listens, then the process stops saying so, with advice, not a raw transport error', async () => {
    const address = `127.0.0.1:${await freeListenPort()}`;
    const { code, stderr } = await startApi(testEnv({ TEMPORAL_ADDRESS: address }));
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot reach Temporal at ${address}`);
    expect(stderr).toContain('TEMPORAL_ADDRESS takes its gRPC host:port');
  });

  it('when DATABASE_URL names a port where nothing listens, then the process stops naming the host and database, never the password', async () => {
    const port = await freeListenPort();
    const { code, stderr } = await startApi(testEnv({ DATABASE_URL: `postgres://matchflow:hunter2-secret@127.0.0.1:${port}/games` }));
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port}/games (DATABASE_URL)`);
    expect(stderr).toContain('Unset DATABASE_URL');
    expect(stderr).not.toContain('hunter2');
  });
});
