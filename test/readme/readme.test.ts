import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeListenPorts } from '../../scripts/ports';
import { eventually } from '../helpers/http';
import { printsAsShown, readmeBlocks, type ReadmeBlock } from './readme-blocks';

/**
 * The README as a new game developer meets it: `npm start` on a fresh data directory (its own Temporal dev server,
 * the embedded database), then every shell block pasted in order into one shell, which stops at the first command
 * that fails. Ports are the README's with free ones put in their place (8080 the API, 9090 the fake game), so the
 * run cannot collide with anything else on the machine; nothing else in a block is changed.
 */
const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'matchflow-readme-'));
const blocks = readmeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
/** The README's own files: a developer-config.json already in the clone is put back afterwards. */
const DEVELOPER_CONFIG = join(ROOT, 'developer-config.json');

let system: ChildProcess;
let printed = '';
let run: { code: number | null; stdout: string; stderr: string };
let ports: { api: number; fakeGame: number };

beforeAll(async () => {
  const [api, fakeGame, temporal, temporalUi] = await freeListenPorts(4);
  ports = { api, fakeGame };
  const env = {
    ...baseEnv(), PORT: String(ports.api), TEMPORAL_PORT: String(temporal), TEMPORAL_UI_PORT: String(temporalUi),
  };
  // Its own process group: npm, the bootstrap and the system stop together.
  system = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  system.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
  system.stderr!.on('data', (d: Buffer) => (printed += d.toString()));
  await eventually(async () => printed, (o) => o.includes('Press Ctrl-C') || system.exitCode !== null, 240_000);
  if (!printed.includes('Press Ctrl-C')) throw new Error(`npm start did not come up:\n${printed}`);
  if (existsSync(DEVELOPER_CONFIG)) renameSync(DEVELOPER_CONFIG, join(work, 'kept-developer-config.json'));
  run = await runBlocks(blocks);
}, 600_000);

afterAll(async () => {
  if (system?.pid && system.exitCode === null) {
    const stopped = new Promise((resolve) => system.once('exit', resolve));
    killGroup(system.pid, 'SIGINT');
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (system.exitCode === null) killGroup(system.pid, 'SIGKILL');
  }
  rmSync(DEVELOPER_CONFIG, { force: true });
  if (existsSync(join(work, 'kept-developer-config.json'))) renameSync(join(work, 'kept-developer-config.json'), DEVELOPER_CONFIG);
  rmSync(work, { recursive: true, force: true });
}, 30_000);

/** A group that has already gone (ESRCH) is what we wanted. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already stopped
  }
}

/** npm start's environment on a fresh machine: none of the test run's own settings, its data in a new folder. */
function baseEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && !/^(MF_TEST_|TEMPORAL_|DATABASE_URL|PADRONE_|PORT$)/.test(k)));
  return { ...(env as Record<string, string>), MATCHFLOW_DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn' };
}

const withPorts = (text: string) => text.replaceAll('127.0.0.1:8080', `127.0.0.1:${ports.api}`).replaceAll('127.0.0.1:9090', `127.0.0.1:${ports.fakeGame}`);
const marker = (b: ReadmeBlock) => `@@readme-block ${b.line}@@`;

/** One shell for all blocks, as a reader's terminal is; `set -euo pipefail` makes a failing step, or an unset variable, stop it. */
async function runBlocks(all: ReadmeBlock[]): Promise<typeof run> {
  const script = ['set -euo pipefail', 'BACKGROUND=()', 'trap \'for g in "${BACKGROUND[@]}"; do kill -- -$g 2>/dev/null || true; done\' EXIT'];
  for (const b of all.filter((x) => x.mode !== 'skip')) {
    script.push(`printf '\\n%s\\n' '${marker(b)}'`);
    if (b.mode === 'run') {
      script.push(withPorts(b.code));
      continue;
    }
    // In a terminal of its own: a session of its own here, so the whole tree stops at the end.
    const file = join(work, `background-${b.line}.sh`);
    const log = join(work, `background-${b.line}.log`);
    writeFileSync(file, withPorts(b.code));
    script.push(`setsid bash ${file} > ${log} 2>&1 & BACKGROUND+=($!)`, `for _ in $(seq 600); do [ -s ${log} ] && break; sleep 0.1; done`, `head -c 2000 ${log} >&2`);
  }
  script.push(`printf '\\n%s\\n' '@@readme-block end@@'`);
  const file = join(work, 'readme.sh');
  writeFileSync(file, script.join('\n'));
  const env = { ...baseEnv(), FAKE_GAME_PORT: String(ports.fakeGame) };
  const shell = spawn('bash', [file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  shell.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  shell.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => shell.on('exit', resolve));
  return { code, stdout, stderr };
}

/** What one block printed: the text between its marker and the next. */
function outputOf(b: ReadmeBlock): string | undefined {
  const start = run.stdout.indexOf(`${marker(b)}\n`);
  if (start < 0) return undefined;
  const rest = run.stdout.slice(start + marker(b).length + 1);
  return rest.slice(0, rest.indexOf('\n@@readme-block '));
}

describe('the README, pasted block by block into a shell beside a fresh npm start', () => {
  it('when every shell block runs in order, then the shell ends with exit code 0 (no command failed, no variable was unset)', () => {
    const reached = run.stdout.includes('@@readme-block end@@');
    expect({ code: run.code, reached, stderr: run.code === 0 ? '' : run.stderr.slice(-3000) }).toEqual({ code: 0, reached: true, stderr: '' });
  });

  it('when a block prints, then it prints what the README shows after it', () => {
    const shown = blocks.filter((b) => b.mode === 'run' && b.expected !== undefined);
    const differing = shown
      .map((b) => ({ line: b.line, expected: withPorts(b.expected!), actual: outputOf(b) ?? '(the block never ran)' }))
      .filter((d) => !printsAsShown(d.actual, d.expected));
    expect(differing).toEqual([]);
    expect(shown.length).toBeGreaterThanOrEqual(8);
  });

  it('when blocks are left out or run in the background, then each says why (only npm start itself and the fake game)', () => {
    expect(blocks.filter((b) => b.mode !== 'run').map((b) => [b.mode, b.code])).toEqual([
      ['skip', expect.stringContaining('npm start')],
      ['background', 'npm run --silent fake-game -- developer-config.json'],
    ]);
  });

  it('when npm start prints its welcome, then it names the Temporal address the operator CLI is pointed at and the /app project', () => {
    expect(printed).toMatch(/Temporal {7}127\.0\.0\.1:\d+, namespace default: npm run --silent temporal -- workflow list/);
    expect(printed).toMatch(/Padrone \/app serves demo \([0-9a-f-]{36}\)/);
  });
});
