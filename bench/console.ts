import { chromium } from 'playwright-core';
import { createProject } from '../core/projects';
import { createConsoleUser, signIn } from '../core/console/users';
import { createLogger } from '../core/log';
import { locateChromium } from '../scripts/chromium';
import { seedConsoleProject } from './console-seed';
import { percentile } from './progress';
import { startBenchStack } from './stack';

/**
 * `npm run bench:console`: every console page against a project with BENCH_HOSTS (5000) live hosts and
 * BENCH_SESSIONS (100,000) settled sessions, in headless Chromium, each page BENCH_ROUNDS (5) times: from a fresh
 * navigation (HTML, scripts, Chart.js, sign-in check, project list) to the page's data drawn. Beside each page, the server time of its data requests, and the same
 * browser's time for a page that asks the server nothing but /me (the floor of this machine in this run).
 */
const SEED = {
  hosts: Number(process.env.BENCH_HOSTS ?? 5000), sessions: Number(process.env.BENCH_SESSIONS ?? 100_000),
  players: Number(process.env.BENCH_PLAYERS ?? 50_000), wallets: Number(process.env.BENCH_WALLETS ?? 500),
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function main(): Promise<void> {
  const log = createLogger('info', 'bench', 2);
  const stack = await startBenchStack(log, {}, 'bench');
  const browser = await chromium.launch({ executablePath: locateChromium(log), args: ['--no-sandbox'] });
  try {
    const db = stack.db.db;
    const project = await createProject(db, { name: 'bench-console', testKey: true });
    const seeding = Date.now();
    await seedConsoleProject(db, project.id, SEED, (what) => log.info({ step: 'seed', what }, `seeding ${what}`));
    log.info({ step: 'seed', seconds: (Date.now() - seeding) / 1000 }, 'seeded');
    await createConsoleUser(db, { username: 'bench', role: 'admin', password: 'bench-password-1234' });
    const { token } = (await signIn(db, 'bench', 'bench-password-1234'))!;

    const context = await browser.newContext();
    await context.addCookies([{ name: 'mf_console', value: token, url: `${stack.api.url}/console`, httpOnly: true, secure: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(`${stack.api.url}/console/`);
    await page.evaluate(`localStorage.setItem('mf-project', ${JSON.stringify(project.id)})`);
    const pages: [string, string][] = [
      ['floor: unknown page (only /me and the project list)', '/nowhere'], ['projects', '/projects'], ['matchmaking live', '/live'],
      ['live, a player\'s tickets', '/live?player=p42'], ['results (100 sessions + top 20)', '/results'], ['results of one player', '/results?player=p42'],
      ['results, disputed in a period', `/results?state=disputed&from=${day(-20)}&to=${day(-10)}`], ['player page', '/players/p42'],
      ['session', '/sessions/bench-1'], ['hosts (200 of 5000 + by country)', '/hosts'], ['hosts, one country', '/hosts?country=Country%207'],
      ['money (30 days)', '/money'], ['wallet', '/wallets/p42'], ['audit log', '/audit'],
    ];
    const rows: string[] = [];
    for (const [name, hash] of pages) {
      log.info({ step: 'pages', page: name }, `loading ${name}`);
      const times: number[] = [];
      const server: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const requests: Promise<number>[] = [];
        const onResponse = (res: import('playwright-core').Response) => {
          if (res.url().includes('/console/api/')) requests.push(res.finished().then(() => res.request().timing().responseEnd));
        };
        page.on('response', onResponse);
        await page.goto('about:blank');
        const started = Date.now();
        await page.goto(`${stack.api.url}/console/#${hash}`);
        // A page is appended once all its data has come: its heading is the data drawn.
        await page.locator('main h2, main p.notice.bad, main p:not(.notice)').first().waitFor({ timeout: 30_000 });
        times.push(Date.now() - started);
        page.off('response', onResponse);
        server.push(Math.max(0, ...(await Promise.all(requests))));
      }
      times.sort((a, b) => a - b);
      server.sort((a, b) => a - b);
      rows.push(`${name.padEnd(50)} ${ms(percentile(times, 50))} ${ms(times.at(-1)!)}   ${ms(percentile(server, 50))}`);
    }
    process.stdout.write([
      '', `console pages, ${SEED.hosts} hosts, ${SEED.sessions} sessions, ${SEED.players} rated players, ${SEED.wallets} wallets; ${ROUNDS} loads each (headless Chromium)`,
      `${'page'.padEnd(50)} ${'p50'.padStart(8)} ${'max'.padStart(8)}   ${'slowest data request p50'.padStart(8)}`, ...rows, '',
    ].join('\n'));
  } finally {
    await browser.close();
    await stack.stop();
  }
}

const ms = (n: number) => `${Math.round(n)} ms`.padStart(8);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
