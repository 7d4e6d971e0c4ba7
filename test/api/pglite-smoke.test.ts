import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Project } from '../../domain/projects';
import {  } from '../../scripts/dev-server';
import { freeListenPort } from '../../scripts/ports';
import { call, eventually } from '../helpers/http';
import { loginTestPlayer, matchStatus, requestMatch } from '../helpers/players';

const ROOT = join(__dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'matchflow-pglite-'));
let child: ChildProcess;
let output = '';
let url: string;

/** `npm start` itself (scripts/start.ts) on the embedded PGlite, pointed at the run's Temporal server. */
beforeAll(async () => {
  const port = await freeListenPort();
  const env: Record<string, string | undefined> = {
    ...process.env, DATABASE_URL: undefined, MATCHFLOW_DATA_DIR: dataDir, PORT: String(port),
    TEMPORAL_ADDRESS: process.env.MF_TEST_TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: `pglite-${port}`, LOG_LEVEL: 'warn',
  };
  child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'start.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(async () => output, (o) => o.includes('Press Ctrl-C') || child.exitCode !== null, 120_000);
  url = `http://127.0.0.1:${port}`;
}, 130_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const printed = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(output)?.[1];

describe('npm start on the embedded PGlite database (no DATABASE_URL)', () => {
  it('when it starts the first time, then it prints a working demo project and the URLs', async () => {
    expect(output).toContain(`API reference  ${url}/docs`);
    expect(output).toContain(`embedded PGlite in ${dataDir}`);
    const project = { id: printed('projectId')!, testKey: printed('testKey')! } as Project;
    const token = await loginTestPlayer(url, project, 'pg-lite');
    const first = await requestMatch(url, token, { maxMatchTime: 30 });
    const second = await requestMatch(url, token, { maxMatchTime: 30 });
    expect(await eventually(() => matchStatus(url, token, first), (s) => s.status !== 'inProgress')).toEqual({ status: 'failed', reason: 'cancelled' });
    await call('DELETE', `${url}/v1a/client/match/${second}`, { token });
    expect(await eventually(() => matchStatus(url, token, second), (s) => s.status !== 'inProgress')).toEqual({ status: 'failed', reason: 'cancelled' });
  });

  it('when a Padrone host registers from a public address, then the real runtime locates and lists it', async () => {
    const project = { id: printed('projectId')!, testKey: printed('testKey')! };
    const headers = { 'x-padrone-auth': Buffer.from(`test:${project.testKey},1`).toString('base64') };
    const app = `${url}/projects/${project.id}/app`;
    const reg = await call('POST', `${app}/register-host`, {
      headers, body: { hostName: 'smoke', peerInfo: { external: '145.100.0.1:7777', internal: '192.168.0.2:7777' }, isPrivate: false, version: 'smoke', maxPlayers: 4 },
    });
    expect(reg.status).toBe(200);
    const listed = await eventually(() => call('GET', `${app}/list-hosts?version=smoke`, { headers }), (r) => Array.isArray(r.body) && r.body.length === 1);
    expect(listed.body[0]).toMatchObject({ name: 'smoke', country: 'Netherlands', playerCount: 1 });
  });

  it('when the project CLI runs beside it, then it works through the running server, not a second PGlite', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: undefined, MATCHFLOW_DATA_DIR: dataDir };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'project.ts'), 'list', '--json'], { cwd: ROOT, env });
    expect(JSON.parse(stdout).map((p: { name: string }) => p.name)).toEqual(['demo']);
  });

  it('when it gets Ctrl-C (SIGINT), then it stops cleanly with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
