import { randomUUID } from 'node:crypto';
import { queueBucketLabel } from '../../domain/matchmaking/buckets';
import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { matchAll, players, reportAsClient } from '../helpers/matchmaking';
import { countOf, sampleOf } from '../helpers/metrics';
import { fillMatch, fundedPlayers, matchState, paidGame } from '../helpers/paid-matches';
import { requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The API's /metrics after real traffic through the real worker (in this process, as under `npm start`, so its
 * activities count into the same registry). Counters are read before and after: the registry lives as long as
 * this file's process.
 */

const METRICS_TOKEN = randomUUID();
const PER_CREDENTIAL = 3;
let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ env: { METRICS_TOKEN, TRUST_PROXY: 'true', LOGIN_FAILURES_PER_CREDENTIAL: String(PER_CREDENTIAL) } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

/** Each refusal case calls from an address of its own: login failures are counted per address, in the shared database. */
let nextAddress = 10;
const address = () => `198.51.100.${nextAddress++}`;

async function scrape(token = METRICS_TOKEN): Promise<string> {
  const res = await call('GET', `${stack.url}/metrics`, { token });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as string;
}

describe('GET /metrics on the API', () => {
  it('when two players are matched and agree on the result, then tickets, time to match, sessions and results show it for their project and bucket', async () => {
    const matchTag = randomUUID();
    const bucket = queueBucketLabel({ teamSizes: [1, 1], matchTag });
    const mine = { project: project.id };
    const before = await scrape();

    const tokens = await players(stack.url, project, 2);
    const [a, b] = await matchAll(stack.url, tokens, { matchTag });
    expect([a.status, b.status]).toEqual(['matched', 'matched']);
    const matched = await scrape();
    expect(countOf(matched, 'matchflow_tickets_total', { ...mine, outcome: 'matched' }) - countOf(before, 'matchflow_tickets_total', { ...mine, outcome: 'matched' })).toBe(2);
    expect(countOf(matched, 'matchflow_time_to_match_seconds_count', { ...mine, bucket }) - countOf(before, 'matchflow_time_to_match_seconds_count', { ...mine, bucket })).toBe(2);
    expect(countOf(matched, 'matchflow_time_to_match_seconds_bucket', { ...mine, bucket, le: '600' })).toBe(2);
    expect(sampleOf(matched, 'matchflow_sessions', { ...mine, state: 'live' })).toBe(1);

    await reportAsClient(stack.url, tokens[0]!, a.session.sessionToken, { status: 'finished', ranks: [0, 1] });
    await reportAsClient(stack.url, tokens[1]!, b.session.sessionToken, { status: 'finished', ranks: [0, 1] });
    const settled = await eventually(scrape, (t) => sampleOf(t, 'matchflow_sessions', { ...mine, state: 'settled' }) === 1);
    expect(sampleOf(settled, 'matchflow_sessions', { ...mine, state: 'settled' })).toBe(1);
    expect(sampleOf(settled, 'matchflow_sessions', { ...mine, state: 'live' })).toBeUndefined();
    const result = { ...mine, state: 'settled', decided_by: 'agreement' };
    expect(countOf(settled, 'matchflow_session_results_total', result) - countOf(before, 'matchflow_session_results_total', result)).toBe(1);
  });

  it('when a ticket searches alone, then its bucket\'s queue depth is 1 until it is cancelled, and the cancel is counted', async () => {
    const [token] = await players(stack.url, project, 1);
    const matchTag = randomUUID();
    const series = { project: project.id, bucket: queueBucketLabel({ teamSizes: [1, 1], matchTag }) };
    const cancelled = { project: project.id, outcome: 'cancelled' };
    const before = await scrape();
    const matchToken = await requestMatch(stack.url, token!, { matchTag, maxMatchTime: 60 });
    expect(sampleOf(await scrape(), 'matchflow_queue_depth', series)).toBe(1);
    await call('DELETE', `${stack.url}/v1a/client/match/${matchToken}`, { token });
    const after = await scrape();
    expect(sampleOf(after, 'matchflow_queue_depth', series)).toBeUndefined();
    expect(countOf(after, 'matchflow_tickets_total', cancelled) - countOf(before, 'matchflow_tickets_total', cancelled)).toBe(1);
  });

  it('when the game refuses a paid match, then the webhook is counted refused, its DELETE delivered, and deposits and refunds with their amounts', async () => {
    const { project: paid, game } = await paidGame(stack);
    try {
      const before = await scrape();
      game.answers = [404];
      const [p1, p2] = await fundedPlayers(stack, paid, 2, 500);
      const matchId = await fillMatch(stack, [p1!, p2!], { entryFee: 300, teams: 2, teamSize: 1 });
      expect(await matchState(stack, p1!, matchId, (v) => v.state === 'refunded')).toMatchObject({ state: 'refunded' });
      const after = await scrape();
      const delta = (name: string, labels: Record<string, string>) => countOf(after, name, labels) - countOf(before, name, labels);
      expect(delta('matchflow_webhook_deliveries_total', { kind: 'matchInfo', outcome: 'refused' })).toBe(1);
      expect(delta('matchflow_webhook_deliveries_total', { kind: 'matchInfoWithdrawal', outcome: 'delivered' })).toBe(1);
      const ledger = (kind: string) => [
        delta('matchflow_ledger_transfers_total', { project: paid.id, kind }), delta('matchflow_ledger_amount_minor_units_total', { project: paid.id, kind }),
      ];
      expect([ledger('deposit'), ledger('entryFee'), ledger('refund'), ledger('payout')]).toEqual([[2, 1000], [2, 600], [2, 600], [0, 0]]);
    } finally {
      await game.stop();
    }
  });

  it('when an address keeps failing to log in, then the refusal is counted under its limit', async () => {
    const limit = { limit: 'loginPerCredential' };
    const before = await scrape();
    const attacker = { 'x-forwarded-for': address() };
    const refused: boolean[] = [];
    for (let i = 0; i <= PER_CREDENTIAL; i++) {
      const answer = await call('POST', `${stack.url}/v1a/client/auth`, { headers: attacker, body: { projectId: project.id, auth: { testKey: 'wrong', testId: 'p' } } });
      refused.push(answer.status === 429);
    }
    expect(refused).toEqual([...Array<boolean>(PER_CREDENTIAL).fill(false), true]);
    expect(countOf(await scrape(), 'matchflow_limit_refusals_total', limit) - countOf(before, 'matchflow_limit_refusals_total', limit)).toBe(1);
  });

  it('when /metrics is read without METRICS_TOKEN or ADMIN_TOKEN, then 401; with either, Prometheus text with Node\'s own metrics', async () => {
    const from = { 'x-forwarded-for': address() };
    const refused = await Promise.all([undefined, 'x'.repeat(32), stack.config.ADMIN_TOKEN.slice(1)].map((token) => call('GET', `${stack.url}/metrics`, { token, headers: from })));
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([401, 'notAuthenticated']));
    for (const token of [METRICS_TOKEN, stack.config.ADMIN_TOKEN]) {
      const res = await call('GET', `${stack.url}/metrics`, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(sampleOf(res.body, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(res.body).not.toContain(project.testKey);
    }
  });
});
