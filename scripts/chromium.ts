import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Logger } from '../core/log';

/** Where Debian, Ubuntu and most Linux distributions put Chromium (or Chrome). */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * The Chromium the console's browser tests drive: CHROMIUM_PATH, else a system one, else Debian's package installed
 * here (as root, with apt-get; a minute or two, said while it runs). Playwright's own browser download is never
 * used: it needs the internet and pins a build the distribution does not patch.
 */
export function locateChromium(log: Pick<Logger, 'warn'>): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (found) return found;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error('Chromium is missing: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary');
  }
  log.warn('installing Chromium for the console tests (apt-get install chromium; once per machine, a minute or two)');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
    const { status } = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${status}); install Chromium by hand or set CHROMIUM_PATH`);
  }
  const installed = CANDIDATES.find((p) => existsSync(p));
  if (!installed) throw new Error('apt-get installed chromium, but no binary was found where Debian puts it');
  return installed;
}
