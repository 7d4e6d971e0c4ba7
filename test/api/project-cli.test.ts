import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findProject } from '../../db/projects';
import { startStack, type Stack } from '../helpers/stack';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const cli = (args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'project.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack.stop());

describe('npm run project', () => {
  it('when given DATABASE_URL, then create --json prints one JSON object and the project exists', async () => {
    const { stdout } = await cli(['create', '--name', 'cli game', '--json', '--steam-app-id', '480'], { DATABASE_URL: stack.config.DATABASE_URL });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const created = JSON.parse(stdout);
    expect(created).toMatchObject({ name: 'cli game', steam: { appId: 480 } });
    expect(created.testKey).toHaveLength(32);
    expect((await findProject(stack.db, created.id))?.serverToken).toBe(created.serverToken);

    const shown = JSON.parse((await cli(['show', created.id, '--json'], { DATABASE_URL: stack.config.DATABASE_URL })).stdout);
    expect(shown.serverToken).toBe('********');
    const list = JSON.parse((await cli(['list', '--json', '--reveal'], { DATABASE_URL: stack.config.DATABASE_URL })).stdout);
    expect(list.find((p: { id: string }) => p.id === created.id).serverToken).toBe(created.serverToken);
  });

  it('when the Versus secret is rotated from the CLI, then the project holds the new one and prints it', async () => {
    const env = { DATABASE_URL: stack.config.DATABASE_URL };
    const created = JSON.parse((await cli(['create', '--name', 'versus game', '--json'], env)).stdout);
    const rotated = JSON.parse((await cli(['rotate-versus-secret', created.id, '--json'], env)).stdout);
    expect(rotated.versus.apiSecret).toMatch(/^[0-9a-f]{40}$/);
    expect(rotated.versus.apiSecret).not.toBe(created.versus.apiSecret);
    expect((await findProject(stack.db, created.id))?.versus.apiSecret).toBe(rotated.versus.apiSecret);
  });

  it('when `npm start` runs on the embedded database, then the CLI goes through its admin API instead of opening PGlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'matchflow-cli-'));
    writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ pid: process.pid, apiUrl: stack.url }));
    const env = { DATABASE_URL: undefined, MATCHFLOW_DATA_DIR: dataDir, ADMIN_TOKEN: stack.config.ADMIN_TOKEN };
    const created = JSON.parse((await cli(['create', '--name', 'via api', '--json'], env)).stdout);
    // It landed in the running stack's database, which only the HTTP path reaches.
    expect((await findProject(stack.db, created.id))?.name).toBe('via api');
  });

  it('when the arguments are wrong, then it prints usage or names the bad option and exits non-zero', async () => {
    await expect(cli(['frobnicate'], {})).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
    await expect(cli(['create', '--name', 'x', '--steam-ticket-key', 'zz'], { DATABASE_URL: stack.config.DATABASE_URL }))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--steam.ticketKey') });
  });
});
