import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { matchAll, players, registerServer, reportAsClient } from '../helpers/matchmaking';
import { matchStatus, requestMatch } from '../helpers/players';
import { admin, fillMatch, fundedPlayers, matchState, paidGame, type Player } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';
import type { FakeGameBackend } from '../fakes/game-backend';
import { WebhookReceiver } from '../fakes/webhook-receiver';

/** Screenshots of the main pages, for a person to look at after the run. */
const SHOTS = join(__dirname, '../../test-output/console');
const PASSWORD = 'correct horse battery staple';
const USERS = { admin: 'ada', operator: 'otto', finance: 'fiona' } as const;

let stack: Stack;
let browser: Browser;
let game: Project;
let paid: Project;
let fakeGame: FakeGameBackend;
let receiver: WebhookReceiver;
let settled: { sessionId: string; winner: string; loser: string };
let lobbyMatch: string;
let livePlayers: Player[];

beforeAll(async () => {
  if (!process.env.MF_TEST_CHROMIUM) throw new Error(process.env.MF_TEST_CHROMIUM_ERROR ?? 'no Chromium');
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack({ env: { TEMPORAL_UI_URL: 'http://127.0.0.1:8233' } });
  for (const [role, username] of Object.entries(USERS)) {
    const made = await admin(stack, 'POST', '/console-users', { username: `${username}-${stack.config.TEMPORAL_TASK_QUEUE}`, role, password: PASSWORD });
    if (made.status !== 201) throw new Error(JSON.stringify(made.body));
  }
  // The game's backend refuses the first try of `session.ended` with a 500: the console shows both tries.
  receiver = await new WebhookReceiver().start();
  receiver.answer = (event, nth) => (event.type === 'session.ended' && nth === 0 ? 500 : 200);
  const created = await admin(stack, 'POST', '/projects', { name: 'Console game', testKey: true, sessionWebhook: { url: receiver.url } });
  game = created.body as Project;
  receiver.secret = created.body.sessionWebhook.secret;
  [{ project: paid, game: fakeGame }, browser] = await Promise.all([
    paidGame(stack, {}), chromium.launch({ executablePath: process.env.MF_TEST_CHROMIUM, args: ['--no-sandbox'] }),
  ]);
  settled = await playOneMatch(stack, game);
  livePlayers = await fundedPlayers(stack, paid, 2, 5_000);
  lobbyMatch = await fillMatch(stack, livePlayers, { entryFee: 1_000, teams: 2, teamSize: 1 });
  await matchState(stack, livePlayers[0]!, lobbyMatch, (v) => v.state === 'live');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await fakeGame?.stop();
  await receiver?.stop();
  await stack?.stop();
});

/** A 1v1 through /v1a that both players report: the first player wins. */
async function playOneMatch(s: Stack, project: Project) {
  const tokens = await players(s.url, project, 2);
  const [a, b] = await matchAll(s.url, tokens, {});
  for (const [i, m] of [a, b].entries()) await reportAsClient(s.url, tokens[i]!, m.session.sessionToken, { status: 'finished', ranks: [0, 1] });
  const sessionId = a.session.externalSessionId as string;
  const ended = await eventually(() => s.db.selectFrom('session_players').selectAll().where('session_id', '=', sessionId).execute(), (rows) => rows.length === 2);
  expect(ended).toHaveLength(2);
  const [winner, loser] = [0, 1].map((team) => ended.find((r) => r.team === team)!.player_id);
  return { sessionId, winner: winner!, loser: loser! };
}

async function signIn(role: keyof typeof USERS): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${stack.url}/console/`);
  await page.getByLabel('Username').fill(`${USERS[role]}-${stack.config.TEMPORAL_TASK_QUEUE}`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`· ${role}`).waitFor();
  return { context, page };
}

async function openProject(page: Page, project: Project, hash: string): Promise<void> {
  await page.evaluate(`localStorage.setItem('mf-project', ${JSON.stringify(project.id)})`);
  await page.goto(`${stack.url}/console/#${hash}`);
  await page.reload();
}

/** playwright-core has no web-first assertions: wait for the element, then read its text for jest. */
async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ timeout: 10_000 });
  return (await locator.first().innerText()).replace(/\s+/g, ' ');
}

/** The locator's count once it reaches `n` (or what it is after 10 s). */
async function countOf(locator: Locator, n: number): Promise<number> {
  return eventually(() => locator.count(), (c) => c === n, 10_000);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('the console in Chromium', () => {
  it('when someone signs in with a wrong password, then the page says so and the console API still refuses them', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/console/`);
    await page.getByLabel('Username').fill(`${USERS.admin}-${stack.config.TEMPORAL_TASK_QUEUE}`);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await textOf(page.getByRole('alert'))).toBe('wrong username or password');
    expect((await page.request.get(`${stack.url}/console/api/me`)).status()).toBe(401);
    await shot(page, '00-sign-in');
    await context.close();
  });

  it('when finance signs in, then they see money and results but not matchmaking, and the server refuses live data and secrets', async () => {
    const { context, page } = await signIn('finance');
    const nav = await page.locator('header nav a').allTextContents();
    expect(nav).toEqual(['Projects', 'Results', 'Money']);
    await openProject(page, game, '/live');
    expect(await textOf(page.locator('main .notice.bad'))).toBe('Your role (finance) does not open this page.');
    expect((await page.request.get(`${stack.url}/console/api/projects/${game.id}/live`)).status()).toBe(403);
    expect((await page.request.get(`${stack.url}/console/api/admin/projects/${game.id}?reveal=true`)).status()).toBe(403);
    await context.close();
  });

  it('when an operator finds a player\'s ticket, then it leads to the session with both rating changes and a Temporal link', async () => {
    const { context, page } = await signIn('operator');
    await openProject(page, game, '/live');
    await page.getByLabel('Find tickets by player').fill(settled.winner);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByTestId('tickets').first().getByRole('link').first().click();
    expect(await textOf(page.locator('dl'))).toContain('matched at');
    await page.getByRole('link', { name: settled.sessionId }).click();
    const rows = page.getByTestId('session-players').locator('tbody tr');
    expect(await countOf(rows, 2)).toBe(2);
    expect(await textOf(rows.filter({ hasText: settled.winner }))).toMatch(/\+\d+\.\d/);
    expect(await textOf(rows.filter({ hasText: settled.loser }))).toMatch(/-\d+\.\d/);
    const temporal = await page.getByRole('link', { name: 'Open in Temporal ↗' }).getAttribute('href');
    expect(temporal).toBe(`http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(`session/${game.id}/${settled.sessionId}`)}`);
    const ended = page.getByTestId('webhook-deliveries').locator('tbody tr').filter({ hasText: 'session.ended' });
    expect(await eventually(async () => { await page.reload(); return textOf(ended); }, (t) => t.includes('delivered'), 20_000)).toMatch(/delivered .*· 500 · .*· 200 · /);
    await shot(page, '03-session');
    await openProject(page, game, '/live');
    expect(await textOf(page.getByTestId('recent-sessions'))).toContain(settled.sessionId.slice(0, 12));
    await shot(page, '02-live');
    await context.close();
  });

  it('when support looks a player up on the results page, then the session shows who won, the CSV has a row per player, and the player page shows the win', async () => {
    const { context, page } = await signIn('finance');
    await openProject(page, game, '/results');
    await page.locator('input[name=player]').fill(settled.loser);
    await page.getByRole('button', { name: 'Show' }).click();
    const row = page.getByTestId('sessions').locator('tbody tr').filter({ hasText: settled.sessionId.slice(0, 12) });
    const text = await textOf(row);
    expect(text).toContain(`${settled.winner} vs ${settled.loser}`);
    expect(text).toMatch(new RegExp(`settled .* ${settled.winner} agreement`));
    expect(await textOf(page.getByTestId('leaderboard'))).toContain(settled.winner);
    await shot(page, '08-results');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).first().click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(csv.trim().split('\n').filter((l) => l.includes(settled.sessionId))).toHaveLength(2);
    await page.getByTestId('leaderboard').getByRole('link', { name: settled.winner }).click();
    expect(await textOf(page.getByTestId('player-results'))).toMatch(new RegExp(`settled won 1 ${settled.loser}`));
    await shot(page, '09-player');
    await context.close();
  });

  it('when finance follows a live paid match, then its money trail shows the fees in escrow and the CSV export holds them', async () => {
    const { context, page } = await signIn('finance');
    await openProject(page, paid, '/money');
    expect(await textOf(page.getByTestId('ledger-check'))).toContain('Ledger check passed');
    await page.getByTestId('paid-matches').getByRole('link', { name: lobbyMatch.slice(0, 12) }).click();
    const trail = page.getByTestId('money-trail');
    expect(await textOf(trail)).toContain('Fees in 20.00');
    expect(await textOf(trail)).toContain('Left in escrow 20.00');
    expect(await page.getByRole('button', { name: 'Abort match…' }).count()).toBe(0);
    await shot(page, '05-paid-match');
    await openProject(page, paid, '/money');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export transactions CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('seq,transactionId,postedAt,projectId,kind,amount,from,to,matchId,playerId,idempotencyKey,memo');
    expect(lines.filter((l) => l.includes(',entryFee,1000,') && l.includes(lobbyMatch))).toHaveLength(2);
    await shot(page, '04-money');
    await context.close();
  });

  it('when an operator aborts a paid match with a reason, then every fee is refunded and the admin reads who did it and why in the audit log', async () => {
    const { context, page } = await signIn('operator');
    await openProject(page, paid, `/paid-matches/${lobbyMatch}`);
    await page.getByRole('button', { name: 'Abort match…' }).click();
    await page.getByLabel('Reason').fill('server crashed in round 2');
    await page.getByRole('button', { name: 'Abort match', exact: true }).click();
    expect(await textOf(page.locator('#notice'))).toContain('Abort requested (audited)');
    const ended = await matchState(stack, livePlayers[0]!, lobbyMatch, (v) => v.state === 'refunded');
    expect(ended.state).toBe('refunded');
    await openProject(page, paid, `/paid-matches/${lobbyMatch}`);
    expect(await textOf(page.getByTestId('money-trail'))).toContain('Refunds 20.00');
    await context.close();

    const { context: adminContext, page: adminPage } = await signIn('admin');
    await adminPage.goto(`${stack.url}/console/#/audit`);
    const entry = adminPage.getByTestId('audit').locator('tbody tr').filter({ hasText: 'abort paid match' }).filter({ hasText: lobbyMatch });
    const entryText = await textOf(entry);
    expect(entryText).toContain(`${USERS.operator}-${stack.config.TEMPORAL_TASK_QUEUE} (operator)`);
    expect(entryText).toContain('server crashed in round 2');
    expect(entryText).toContain(' ok ');
    await shot(adminPage, '07-audit');
    await adminContext.close();
  });

  it('when an admin\'s change comes without the CSRF token or from another site, or an operator tries it, then the server refuses and nothing changes', async () => {
    const before = (await admin(stack, 'GET', `/projects/${game.id}`)).body.name;
    const rename = (page: Page, headers: Record<string, string>) => page.request.patch(`${stack.url}/console/api/admin/projects/${game.id}`, { data: { name: 'renamed by a forgery' }, headers });
    const csrfOf = async (page: Page) => (await (await page.request.get(`${stack.url}/console/api/me`)).json()).csrfToken as string;

    const { context, page } = await signIn('admin');
    const noToken = await rename(page, {});
    expect([noToken.status(), (await noToken.json()).error]).toEqual([403, 'missing or wrong X-CSRF-Token: reload the console']);
    const otherSite = await rename(page, { 'x-csrf-token': await csrfOf(page), origin: 'https://evil.example' });
    expect([otherSite.status(), (await otherSite.json()).error]).toEqual([403, 'this request came from another site']);
    await context.close();

    const { context: operatorContext, page: operatorPage } = await signIn('operator');
    const asOperator = await rename(operatorPage, { 'x-csrf-token': await csrfOf(operatorPage) });
    expect([asOperator.status(), (await asOperator.json()).error]).toEqual([403, 'the operator role may not use projectChanges']);
    expect((await operatorPage.request.get(`${stack.url}/console/api/admin/projects/${paid.id}/wallets/test:anyone`)).status()).toBe(403);
    await operatorContext.close();
    expect((await admin(stack, 'GET', `/projects/${game.id}`)).body.name).toBe(before);
    const refused = await stack.db.selectFrom('console_audit').select(['action', 'outcome']).where('username', '=', `${USERS.operator}-${stack.config.TEMPORAL_TASK_QUEUE}`).where('action', '=', 'change project').execute();
    expect(refused).toEqual([{ action: 'change project', outcome: 'refused 403' }]);
  });

  it('when an admin renames a project and reveals its secrets, then both happen and the audit log records them without the secrets', async () => {
    const { context, page } = await signIn('admin');
    await openProject(page, game, `/projects/${game.id}`);
    await page.getByLabel('Changes (JSON)').fill(JSON.stringify({ name: 'Console game, renamed' }));
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await eventually(() => page.getByTestId('project-json').innerText(), (t) => t.includes('renamed'), 10_000)).toContain('Console game, renamed');
    await page.getByRole('button', { name: 'Reveal secrets' }).click();
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    expect(await eventually(() => page.getByTestId('project-json').innerText(), (t) => t.includes(game.testKey!), 10_000)).toContain(game.testKey!);
    await shot(page, '01-project');
    await page.goto(`${stack.url}/console/#/audit`);
    const rows = page.getByTestId('audit').locator('tbody tr');
    // finance's refused try (an earlier test) is there too: the admin's is the one that went through.
    const reveals = rows.filter({ hasText: 'reveal secrets' }).filter({ hasText: game.id });
    expect(await countOf(reveals.filter({ hasText: '(admin)' }), 1)).toBe(1);
    expect(await textOf(reveals.filter({ hasText: '(admin)' }))).toContain(' ok ');
    expect(await textOf(rows.filter({ hasText: 'change project' }).filter({ hasText: game.id }))).toContain('Console game, renamed');
    expect(await page.getByTestId('audit').textContent()).not.toContain(game.testKey!);
    await context.close();
  });

  it('when an operator ends a host, withdraws a server offer and cancels a ticket, then each asks first, is audited, and ends as its own client would end it', async () => {
    const padrone = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${game.testKey},${n}`).toString('base64') });
    for (const [n, external] of [[1, '145.100.0.1:7001'], [2, '145.100.0.2:7002'], [3, '81.2.69.142:7003']] as const) {
      const registered = await call('POST', `${stack.url}/projects/${game.id}/app/register-host`, {
        headers: padrone(n), body: { hostName: `Host ${n}`, isPrivate: false, version: 'v1', maxPlayers: 8, peerInfo: { external, internal: '192.168.1.10:7777' } },
      });
      expect(registered.status).toBe(200);
    }
    expect((await registerServer(stack.url, game, { name: 'eu-box-1', serverTag: 'eu', timeout: 300 })).status).toBe(200);
    const [searcher] = await players(stack.url, game, 1);
    const matchToken = await requestMatch(stack.url, searcher!, { maxMatchTime: 120 });

    const { context, page } = await signIn('operator');
    await openProject(page, game, '/hosts');
    expect(await countOf(page.getByTestId('hosts').locator('tbody tr'), 3)).toBe(3);
    const countries = await textOf(page.getByTestId('countries'));
    expect(countries).toMatch(/Netherlands|NL/);
    await shot(page, '06-hosts');
    await page.getByTestId('hosts').locator('tbody tr').filter({ hasText: 'Host 3' }).getByRole('button', { name: 'End' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await countOf(page.getByTestId('hosts').locator('tbody tr'), 3)).toBe(3);
    await page.getByTestId('hosts').locator('tbody tr').filter({ hasText: 'Host 3' }).getByRole('button', { name: 'End' }).click();
    await page.getByRole('button', { name: 'End host' }).click();
    expect(await textOf(page.locator('#notice'))).toContain('Host ended (audited)');
    const hosts = await eventually(() => stack.db.selectFrom('hosts').select('name').where('project_id', '=', game.id).execute(), (rows) => rows.length === 2, 20_000);
    expect(hosts.map((h) => h.name).sort()).toEqual(['Host 1', 'Host 2']);

    await openProject(page, game, '/live');
    await page.getByTestId('servers').locator('tbody tr').filter({ hasText: 'eu-box-1' }).getByRole('button', { name: 'Withdraw' }).click();
    await page.getByRole('button', { name: 'Withdraw', exact: true }).last().click();
    expect(await textOf(page.locator('#notice'))).toContain('Server withdrawn (audited)');
    const server = await eventually(() => stack.db.selectFrom('servers').select('state').where('project_id', '=', game.id).where('name', '=', 'eu-box-1').executeTakeFirst(), (r) => r?.state !== 'available', 20_000);
    expect(server?.state).toBe('gone');

    await openProject(page, game, '/live');
    await page.getByTestId('tickets').last().getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Cancel ticket' }).click();
    expect(await textOf(page.locator('#notice'))).toContain('Ticket cancelled (audited)');
    const status = await eventually(() => matchStatus(stack.url, searcher!, matchToken), (st) => st.status !== 'inProgress', 20_000);
    expect(status).toMatchObject({ status: 'failed', reason: 'cancelled' });
    await context.close();

    const audit = (await stack.db.selectFrom('console_audit').select(['action', 'outcome']).where('username', '=', `${USERS.operator}-${stack.config.TEMPORAL_TASK_QUEUE}`).where('action', 'in', ['end host', 'withdraw server offer', 'cancel ticket']).orderBy('seq').execute());
    expect(audit).toEqual([{ action: 'end host', outcome: 'ok' }, { action: 'withdraw server offer', outcome: 'ok' }, { action: 'cancel ticket', outcome: 'ok' }]);
  });
});
