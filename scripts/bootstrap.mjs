// Runs before anything is installed, so: plain Node, no dependencies. Installs what package-lock.json pins when
// node_modules is missing or older than the lock, then runs the real command with TypeScript support.
// `npm ci`: exactly the lock's versions, and the lock is never rewritten (a fresh clone's `git status` stays clean).
// The lock lists every platform's optional binaries (@swc/core-*), so npm ci accepts it on any of them. A lock out
// of step with package.json (a dependency added by hand) is refused: `npm install` is then the developer's call.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs)) return;
  process.stderr.write('matchflow: installing dependencies (npm ci); this happens once per clone and after the lock changes\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = spawnSync(npm, ['ci', '--no-fund', '--no-audit'], { cwd: root, stdio: 'inherit' }).status;
  if (status !== 0) {
    process.stderr.write('matchflow: npm ci failed; see above. If package.json changed without its lock, run npm install once.\n');
    process.exit(status ?? 1);
  }
}

/** Runs one step; Ctrl-C reaches the child through the process group, so we only wait for it. */
function run(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
    for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const tsNode = (script, dir = 'scripts') => [process.execPath, ['--import', 'tsx', join(root, dir, script), ...args]];

const steps = {
  start: [tsNode('start.ts')],
  'start-cluster': [tsNode('start-cluster.ts')],
  project: [tsNode('project.ts')],
  'console-user': [tsNode('console-user.ts')],
  temporal: [tsNode('temporal.ts')],
  'client-generate': [tsNode('generate-client.ts')],
  'fake-game': [tsNode('fake-game.ts', 'clients')],
  versus: [tsNode('versus-handshake.ts', 'clients')],
  'bench-match': [tsNode('match.ts', 'bench')],
  'bench-hosts': [tsNode('hosts.ts', 'bench')],
  'bench-payouts': [tsNode('payouts.ts', 'bench')],
  'bench-soak': [tsNode('soak.ts', 'bench')],
  'bench-sqlite': [tsNode('sqlite.ts', 'bench')],
  'bench-console': [tsNode('console.ts', 'bench')],
  // After the whole suite, its conformance subset runs again on the production shape (a Temporal cluster, two APIs
  // and two workers), then the histories both recorded are replayed against the same code (crashes included).
  test: [
    [bin('tsc'), ['--noEmit', '-p', root]], [bin('eslint'), ['--max-warnings=0', '.']], [bin('jest'), args],
    ...(args.length === 0 ? [[bin('jest'), ['-c', join(root, 'jest.cluster.config.js')]], [bin('jest'), ['-c', join(root, 'jest.replay.config.js')]]] : []),
  ],
  'test-cluster': [
    [bin('jest'), ['-c', join(root, 'jest.cluster.config.js'), ...args]],
    ...(args.length === 0 ? [[bin('jest'), ['-c', join(root, 'jest.replay.config.js'), 'cluster']]] : []),
  ],
  'test-replay': [[bin('jest'), ['-c', join(root, 'jest.replay.config.js'), ...args]]],
};

if (!steps[command]) {
  process.stderr.write(`usage: node scripts/bootstrap.mjs ${Object.keys(steps).join('|')} [args]\n`);
  process.exit(2);
}
ensureInstalled();
for (const [cmd, cmdArgs] of steps[command]) {
  const code = await run(cmd, cmdArgs);
  if (code !== 0) process.exit(code);
}
