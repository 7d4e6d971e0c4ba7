import { randomUUID } from 'node:crypto';
import type { Project } from '../../domain/projects';
import { call, eventually, type Answer } from '../helpers/http';
import { matchAll, reportAsClient, stats } from '../helpers/matchmaking';
import { loginTestPlayer } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

/**
 * Five players of one project play real 1v1 sessions through /v1a: alice beats bob, then carol; carol beats dave;
 * bob and erin disagree (disputed); dave and erin never report (abandoned). Everything below reads what that left.
 */
let stack: Stack;
let project: Project;
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'] as const;
type Name = (typeof NAMES)[number];
const token = {} as Record<Name, string>;
const id = (name: Name) => `test:${name}`;
const played: Record<'aliceBob' | 'aliceCarol' | 'carolDave' | 'disputed' | 'abandoned', string> = {} as never;
let liveWhileAbandonedRan: Answer;

interface Match {
  sessionId: string;
  seats: Partial<Record<Name, { teamIndex: number; sessionToken: string }>>;
}

async function match(x: Name, y: Name): Promise<Match> {
  const [sx, sy] = await matchAll(stack.url, [token[x], token[y]], { matchTag: randomUUID() });
  if (sx.status !== 'matched' || sy.status !== 'matched') throw new Error(`${x} and ${y} were not matched: ${JSON.stringify([sx, sy])}`);
  return { sessionId: sx.session.externalSessionId, seats: { [x]: sx.session, [y]: sy.session } };
}

/** `who` reports that `winner`'s team came first. */
async function report(m: Match, who: Name, winner: Name): Promise<void> {
  const ranks = [1, 1];
  ranks[m.seats[winner]!.teamIndex] = 0;
  const answer = await reportAsClient(stack.url, token[who], m.seats[who]!.sessionToken, { status: 'finished', ranks });
  if (answer.status !== 200) throw new Error(`report refused: ${answer.status} ${JSON.stringify(answer.body)}`);
}

async function ended(sessionId: string, timeoutMs = 20_000): Promise<string | undefined> {
  const row = await eventually(() => stack.db.selectFrom('sessions').select('state').where('id', '=', sessionId).executeTakeFirst(), (r) => r?.state !== 'live', timeoutMs);
  return row?.state;
}

async function playAndWin(winner: Name, loser: Name): Promise<string> {
  const m = await match(winner, loser);
  await report(m, winner, winner);
  await report(m, loser, winner);
  if ((await ended(m.sessionId)) !== 'settled') throw new Error(`${winner} vs ${loser} did not settle`);
  return m.sessionId;
}

const admin = (path: string) => call('GET', `${stack.url}/admin/projects/${project.id}${path}`, { token: stack.config.ADMIN_TOKEN });
const asPlayer = (name: Name, path: string) => call('GET', `${stack.url}/v1a/client${path}`, { token: token[name] });
const csvLines = (a: Answer) => String(a.body).trim().split('\n');

beforeAll(async () => {
  stack = await startStack({ env: { SESSION_RESULT_DEADLINE_SECONDS: '6' } });
  project = await stack.createProject();
  for (const name of NAMES) token[name] = await loginTestPlayer(stack.url, project, name);
  played.aliceBob = await playAndWin('alice', 'bob');
  played.aliceCarol = await playAndWin('alice', 'carol');
  played.carolDave = await playAndWin('carol', 'dave');
  const disputed = await match('bob', 'erin');
  await report(disputed, 'bob', 'bob');
  await report(disputed, 'erin', 'erin');
  played.disputed = disputed.sessionId;
  if ((await ended(played.disputed)) !== 'disputed') throw new Error('bob vs erin was not disputed');
  // Nobody reports this one: live for a while, then abandoned at its deadline.
  const abandoned = await match('dave', 'erin');
  played.abandoned = abandoned.sessionId;
  liveWhileAbandonedRan = await admin('/sessions?state=live');
  if ((await ended(played.abandoned)) !== 'abandoned') throw new Error('dave vs erin was not abandoned');
}, 120_000);
afterAll(() => stack.stop());

describe('the leaderboard', () => {
  it('when a player reads the top, then the rated players come best first with competition ranks, as /info/stats rates and ranks them', async () => {
    const top = await asPlayer('erin', '/leaderboard?limit=10');
    expect(top.status).toBe(200);
    const entries: { playerId: string; rating: number; rank: number; games: number }[] = top.body.entries;
    // erin played no finished game: not on the board.
    expect(entries.map((e) => e.playerId).sort()).toEqual(['alice', 'bob', 'carol', 'dave'].map((n) => `test:${n}`));
    expect(entries[0]).toMatchObject({ playerId: id('alice'), rank: 1, games: 2 });
    for (const [i, e] of entries.entries()) {
      if (i > 0) expect(e.rating).toBeLessThanOrEqual(entries[i - 1]!.rating);
      expect(e.rank).toBe(1 + entries.filter((o) => o.rating > e.rating).length);
    }
    for (const name of ['alice', 'bob', 'carol', 'dave'] as const) {
      const line = entries.find((e) => e.playerId === id(name))!;
      expect(await stats(stack.url, token[name])).toEqual({ rating: line.rating, rank: line.rank });
    }
    expect((await asPlayer('bob', '/leaderboard?limit=2')).body.entries.map((e: { playerId: string }) => e.playerId)).toEqual(entries.slice(0, 2).map((e) => e.playerId));
  });

  it('when a player asks around themselves, then they see their own line between their neighbours; an unrated player sees none', async () => {
    const top: { playerId: string }[] = (await asPlayer('alice', '/leaderboard')).body.entries;
    const second = top[1]!.playerId.slice('test:'.length) as Name;
    const around = await asPlayer(second, '/leaderboard/around-me?n=1');
    expect(around.status).toBe(200);
    expect(around.body.player).toEqual(top[1]);
    expect(around.body.entries).toEqual(top.slice(0, 3));
    expect((await asPlayer('alice', '/leaderboard/around-me?n=50')).body.entries).toEqual(top);
    expect((await asPlayer('erin', '/leaderboard/around-me')).body).toEqual({ player: null, entries: [] });
    const byAdmin = await admin(`/leaderboard?around=${encodeURIComponent(id('alice'))}&n=1`);
    expect(byAdmin.body).toEqual({ player: top[0], entries: top.slice(0, 2) });
  });
});

describe('a player\'s results', () => {
  it('when a player reads their results, then they are newest first, won or lost, and the ratings chain up to the leaderboard\'s', async () => {
    const answer = await asPlayer('alice', '/results');
    expect(answer.status).toBe(200);
    const [second, first] = answer.body.results;
    expect(answer.body.results).toHaveLength(2);
    expect(second).toMatchObject({ sessionId: played.aliceCarol, state: 'settled', rank: 0, won: true, teammates: [], opponents: [[id('carol')]] });
    expect(first).toMatchObject({ sessionId: played.aliceBob, state: 'settled', rank: 0, won: true, ratingBefore: 1500, opponents: [[id('bob')]] });
    expect(second.ratingBefore).toBe(first.ratingAfter);
    expect(first.ratingAfter).toBeGreaterThan(1500);
    const board: { playerId: string; rating: number }[] = (await asPlayer('alice', '/leaderboard')).body.entries;
    expect(second.ratingAfter).toBe(board.find((e) => e.playerId === id('alice'))!.rating);
    expect(answer.body.next).toBeUndefined();
  });

  it('when a session was disputed, then it is in the history with its state, no win and no rating change; a loss reads lost', async () => {
    const results = (await asPlayer('bob', '/results')).body.results;
    expect(results.map((r: { sessionId: string }) => r.sessionId)).toEqual([played.disputed, played.aliceBob]);
    expect(results[0]).toMatchObject({ state: 'disputed', rank: null, won: null, ratingBefore: null, ratingAfter: null, opponents: [[id('erin')]] });
    expect(results[1]).toMatchObject({ state: 'settled', rank: 1, won: false, ratingBefore: 1500 });
    expect(results[1].ratingAfter).toBeLessThan(1500);
  });

  it('when results are paged, then `next` leads to the older ones and nothing is repeated', async () => {
    const page1 = await asPlayer('carol', '/results?limit=1');
    expect(page1.body.results.map((r: { sessionId: string }) => r.sessionId)).toEqual([played.carolDave]);
    const page2 = await asPlayer('carol', `/results?limit=1&before=${encodeURIComponent(page1.body.next)}`);
    expect(page2.body.results.map((r: { sessionId: string }) => r.sessionId)).toEqual([played.aliceCarol]);
    const page3 = await asPlayer('carol', `/results?limit=1&before=${encodeURIComponent(page2.body.next)}`);
    expect(page3.body).toEqual({ results: [] });
    const byAdmin = await admin(`/players/${encodeURIComponent(id('carol'))}/results`);
    expect(byAdmin.body.results.map((r: { won: boolean }) => r.won)).toEqual([true, false]);
  });
});

describe('sessions by period', () => {
  it('when support lists the sessions, then every ended one is there newest first with its state, places and rating changes', async () => {
    const answer = await admin('/sessions');
    expect(answer.status).toBe(200);
    const sessions = answer.body.sessions;
    expect(sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([played.abandoned, played.disputed, played.carolDave, played.aliceCarol, played.aliceBob]);
    expect(sessions.map((s: { state: string }) => s.state)).toEqual(['abandoned', 'disputed', 'settled', 'settled', 'settled']);
    const aliceBob = sessions[4];
    expect(aliceBob).toMatchObject({ resultStatus: 'finished', decidedBy: 'agreement', serverName: null });
    const winner = aliceBob.teams.find((t: { rank: number }) => t.rank === 0).players[0];
    expect(winner).toMatchObject({ playerId: id('alice'), ratingBefore: 1500 });
    expect(winner.ratingAfter).toBeGreaterThan(1500);
    expect(sessions[1].teams.map((t: { rank: number | null; players: unknown[] }) => [t.rank, t.players])).toEqual([
      [null, [{ playerId: expect.any(String), ratingBefore: null, ratingAfter: null }]], [null, [{ playerId: expect.any(String), ratingBefore: null, ratingAfter: null }]],
    ]);
  });

  it('when filtered by state, player and period, then only those sessions; a live one is listed while it is live', async () => {
    const ids = async (query: string) => (await admin(`/sessions?${query}`)).body.sessions.map((s: { sessionId: string }) => s.sessionId);
    expect(await ids('state=disputed')).toEqual([played.disputed]);
    expect(await ids('state=abandoned')).toEqual([played.abandoned]);
    expect(await ids(`player=${encodeURIComponent(id('erin'))}`)).toEqual([played.abandoned, played.disputed]);
    expect(await ids(`player=${encodeURIComponent(id('dave'))}&state=settled`)).toEqual([played.carolDave]);
    expect(await ids('from=2000-01-01&to=2001-01-01')).toEqual([]);
    expect(await ids(`from=${new Date(Date.now() - 3_600_000).toISOString()}`)).toHaveLength(5);
    expect(await ids('state=live')).toEqual([]);
    expect(liveWhileAbandonedRan.body.sessions.map((s: { sessionId: string; endedAt: null }) => [s.sessionId, s.endedAt])).toEqual([[played.abandoned, null]]);
  });

  it('when sessions are paged, then `next` (before and beforeId) leads through all of them once', async () => {
    const seen: string[] = [];
    let query = 'limit=2';
    for (let page = 0; page < 5; page++) {
      const answer = await admin(`/sessions?${query}`);
      seen.push(...answer.body.sessions.map((s: { sessionId: string }) => s.sessionId));
      if (!answer.body.next) break;
      query = `limit=2&before=${encodeURIComponent(answer.body.next.before)}&beforeId=${encodeURIComponent(answer.body.next.beforeId)}`;
    }
    expect(seen).toEqual([played.abandoned, played.disputed, played.carolDave, played.aliceCarol, played.aliceBob]);
  });
});

describe('CSV downloads', () => {
  it('when sessions are downloaded as CSV, then one row per player per session says who played whom, who won and the rating change', async () => {
    const csv = await admin('/sessions?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="sessions.csv"');
    const [header, ...rows] = csvLines(csv);
    expect(header).toBe('sessionId,startedAt,endedAt,state,resultStatus,decidedBy,serverName,matchTag,team,rank,playerId,won,ratingBefore,ratingAfter,ratingChange,opponents');
    expect(rows).toHaveLength(10);
    const cells = rows.map((r) => r.split(','));
    const row = (sessionId: string, player: Name) => cells.find((c) => c[0] === sessionId && c[10] === id(player))!;
    const won = row(played.aliceBob, 'alice');
    expect([won[3], won[11], won[12], won[15]]).toEqual(['settled', 'true', '1500', id('bob')]);
    expect(Number(won[14])).toBeGreaterThan(0);
    const lost = row(played.aliceBob, 'bob');
    expect([lost[11], lost[15]]).toEqual(['false', id('alice')]);
    expect(Number(lost[14])).toBeLessThan(0);
    expect(row(played.disputed, 'erin').slice(3, 4).concat(row(played.disputed, 'erin').slice(11, 16))).toEqual(['disputed', '', '', '', '', id('bob')]);
    expect(row(played.abandoned, 'dave')[3]).toBe('abandoned');
  });

  it('when the leaderboard and a player\'s results are downloaded as CSV, then they hold the same lines as the JSON', async () => {
    const board = await admin('/leaderboard?format=csv');
    const json: { rank: number; playerId: string }[] = (await admin('/leaderboard')).body.entries;
    const [header, ...rows] = csvLines(board);
    expect(header).toBe('rank,playerId,rating,deviation,games,updatedAt');
    expect(rows.map((r) => r.split(',').slice(0, 2).join(','))).toEqual(json.map((e) => `${e.rank},${e.playerId}`));
    const results = csvLines(await admin(`/players/${encodeURIComponent(id('bob'))}/results?format=csv`));
    expect(results[0]).toBe('sessionId,endedAt,state,team,rank,won,ratingBefore,ratingAfter,ratingChange,teammates,opponents');
    expect(results.slice(1).map((r) => r.split(',').filter((_, i) => [0, 2, 5, 10].includes(i)))).toEqual([
      [played.disputed, 'disputed', '', id('erin')], [played.aliceBob, 'settled', 'false', id('alice')],
    ]);
  });
});

describe('bad requests', () => {
  const fieldOf = (a: Answer) => [a.status, a.body.fields?.map((f: { path: string }) => f.path)];

  it('when a limit, n or date is out of range or malformed, then 400 names the field', async () => {
    expect(fieldOf(await asPlayer('alice', '/leaderboard?limit=0'))).toEqual([400, ['query.limit']]);
    expect(fieldOf(await asPlayer('alice', '/leaderboard?limit=101'))).toEqual([400, ['query.limit']]);
    expect(fieldOf(await asPlayer('alice', '/leaderboard?limit=ten'))).toEqual([400, ['query.limit']]);
    expect(fieldOf(await asPlayer('alice', '/leaderboard/around-me?n=51'))).toEqual([400, ['query.n']]);
    expect(fieldOf(await asPlayer('alice', '/results?before=yesterday'))).toEqual([400, ['query.before']]);
    expect(fieldOf(await admin('/leaderboard?limit=1001'))).toEqual([400, ['query.limit']]);
    expect((await admin('/leaderboard?limit=1001&format=csv')).status).toBe(200);
    expect(fieldOf(await admin('/leaderboard?around=test:alice&offset=3'))).toEqual([400, ['query.offset']]);
    expect(fieldOf(await admin('/sessions?from=2026-13-01'))).toEqual([400, ['query.from']]);
    expect(fieldOf(await admin('/sessions?state=won'))).toEqual([400, ['query.state']]);
    expect(fieldOf(await admin('/sessions?beforeId=x'))).toEqual([400, ['query.beforeId']]);
    expect(fieldOf(await admin('/players/test:alice/results?limit=20000&format=csv'))).toEqual([400, ['query.limit']]);
  });

  it('when the credential is missing or the project unknown, then 401 or 404', async () => {
    expect((await call('GET', `${stack.url}/v1a/client/leaderboard`)).status).toBe(401);
    expect((await call('GET', `${stack.url}/v1a/client/results`, { token: 'forged' })).status).toBe(401);
    expect((await call('GET', `${stack.url}/admin/projects/${project.id}/sessions`, { token: token.alice })).status).toBe(401);
    const unknown = await call('GET', `${stack.url}/admin/projects/${randomUUID()}/leaderboard`, { token: stack.config.ADMIN_TOKEN });
    expect([unknown.status, unknown.body]).toEqual([404, { error: 'no such project', code: 'notFound' }]);
  });
});
