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

  it('when every Padrone setting is changed from the CLI, then update changes those only, merges Steam field by field, and retire takes the project out', async () => {
    const env = { DATABASE_URL: stack.config.DATABASE_URL };
    const created = JSON.parse((await cli(['create', '--name', 'padrone game', '--json', '--padrone-steam-web-api-key', 'key-1', '--padrone-steam-base-url', 'http://steam.local'], env)).stdout);
    const updated = JSON.parse((await cli([
      'update', created.id, '--json', '--padrone-steam-web-api-key', 'key-2', '--oculus-app-id', '42', '--oculus-app-secret', 'oc-secret',
      '--admin', 'ops:correct horse', '--developer', 'steam:7656', '--developer', 'itch:9', '--clear', 'steam-app-id',
    ], env)).stdout);
    expect(updated.padrone).toEqual({
      steam: { apiBaseUrl: 'http://steam.local', webApiKey: '********' }, oculus: { appId: '42', apiBaseUrl: 'https://graph.oculus.com', appSecret: '********' },
      admins: ['ops'], developers: ['steam:7656', 'itch:9'],
    });
    expect([updated.revision, updated.serverToken, updated.versus.apiSecret]).toEqual([1, '********', '********']);
    expect((await findProject(stack.db, created.id))?.padrone.steam?.webApiKey).toBe('key-2');
    const retired = JSON.parse((await cli(['retire', created.id, '--json'], env)).stdout);
    expect(retired.retiredAt).toEqual(expect.any(String));
    expect(JSON.parse((await cli(['list', '--json'], env)).stdout).map((p: { id: string }) => p.id)).not.toContain(created.id);
  });

  it('when update flags contradict each other or name no setting, then it says which and changes nothing', async () => {
    const env = { DATABASE_URL: stack.config.DATABASE_URL };
    const created = JSON.parse((await cli(['create', '--name', 'strict flags', '--json'], env)).stdout);
    await expect(cli(['update', created.id, '--test-key', '--no-test-key'], env)).rejects.toMatchObject({ code: 1, stderr: '--test-key and --no-test-key contradict each other\n' });
    await expect(cli(['update', created.id, '--clear', 'oculus', '--oculus-app-id', '1'], env)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('contradict') });
    await expect(cli(['update', created.id, '--clear', 'nonsense'], env)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--clear: nonsense cannot be cleared') });
    await expect(cli(['update', created.id], env)).rejects.toMatchObject({ code: 1, stderr: 'input: name at least one setting to change\n' });
    await expect(cli(['update', created.id, '--oculus-app-secret', 'only-the-secret'], env)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('padrone.oculus: appId required') });
    expect((await findProject(stack.db, created.id))?.revision).toBe(0);
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
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--steam-ticket-key: must be 64 hex characters') });
  });
});
