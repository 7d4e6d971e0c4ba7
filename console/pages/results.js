import { api, csvLink, field, go, h, link, num, query, table, when, workflowLink } from '../lib.js';
import { currentProject } from '../app.js';
import { webhookDeliveries } from './webhooks.js';

const pidOf = () => encodeURIComponent(currentProject().id);
const STATES = ['', 'settled', 'disputed', 'abandoned', 'cancelled', 'live'];
/** The results API answers `{ sessions }`, `{ entries }`, `{ results }`; the page takes the list. */
const listOf = (x, key) => (Array.isArray(x) ? x : x[key] ?? []);

export async function resultsPage() {
  const q = query();
  const filters = { from: q.get('from') ?? '', to: q.get('to') ?? '', state: q.get('state') ?? '', player: q.get('player') ?? '' };
  const params = new URLSearchParams(Object.entries({ ...filters, limit: '100' }).filter(([, v]) => v));
  const [sessions, board] = await Promise.all([
    api(`/admin/projects/${pidOf()}/sessions?${params}`).then((x) => listOf(x, 'sessions')),
    api(`/admin/projects/${pidOf()}/leaderboard?limit=20`).then((x) => listOf(x, 'entries')),
  ]);
  const input = (name, attrs = {}) => h('input', { name, value: filters[name], ...attrs });
  const from = input('from', { type: 'date' }), to = input('to', { type: 'date' }), player = input('player', { placeholder: 'player id' });
  const state = h('select', { name: 'state' }, STATES.map((s) => h('option', { value: s, selected: s === filters.state }, s || 'any state')));
  const exportParams = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  return h('section', {},
    h('h2', {}, 'Results ', h('small', { class: 'muted' }, currentProject().name)),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/results', { from: from.value, to: to.value, state: state.value, player: player.value.trim() }); } },
      field('From', from), field('To', to), field('State', state), field('Player', player), h('button', { type: 'submit' }, 'Show'),
      csvLink(`/admin/projects/${pidOf()}/sessions?${exportParams}`)),
    h('h3', {}, 'Sessions'),
    sessionTable(sessions),
    h('h3', {}, 'Leaderboard ', csvLink(`/admin/projects/${pidOf()}/leaderboard?limit=1000`)),
    leaderboard(board));
}

function sessionTable(sessions) {
  return table([
    ['Session', (s) => link(`#/sessions/${encodeURIComponent(s.sessionId)}`, s.sessionId.slice(0, 12))],
    ['Ended', (s) => when(s.endedAt ?? s.startedAt)],
    ['State', (s) => h('span', { class: `state ${s.state}` }, s.state)],
    ['Who played whom', (s) => s.teams.map((t) => t.players.map((p) => p.playerId).join(', ')).join(' vs ')],
    ['Winner', (s) => s.teams.filter((t) => t.rank === 0).map((t) => t.players.map((p) => p.playerId).join(', ')).join(' · ') || '—'],
    ['Decided by', (s) => s.decidedBy ?? '—'],
  ], sessions, { empty: 'No session in this period.', testid: 'sessions' });
}

function leaderboard(entries) {
  return table([
    ['#', (e) => e.rank], ['Player', (e) => link(`#/players/${encodeURIComponent(e.playerId)}`, e.playerId)], ['Rating', (e) => num(e.rating)],
    ['± (deviation)', (e) => num(e.deviation)], ['Games', (e) => e.games],
  ], entries, { empty: 'Nobody has a rating yet.', testid: 'leaderboard' });
}

export async function sessionPage(sessionId) {
  const [{ session, players, workflow }, deliveries] = await Promise.all([
    api(`/projects/${pidOf()}/sessions/${encodeURIComponent(sessionId)}`), webhookDeliveries(currentProject().id, { sessionId }),
  ]);
  return h('section', {},
    h('h2', {}, 'Session ', h('code', {}, sessionId)), workflowLink(workflow),
    session && h('p', {}, `Server: ${session.server?.name ?? 'none (peer to peer)'}${session.matchTag ? ` · match tag ${session.matchTag}` : ''}`),
    table([
      ['Team', (p) => p.team + 1], ['Player', (p) => link(`#/players/${encodeURIComponent(p.playerId)}`, p.playerId)], ['Place', (p) => (p.rank === null ? '—' : p.rank + 1)],
      ['State', (p) => p.state], ['Rating before', (p) => num(p.ratingBefore)], ['Rating after', (p) => num(p.ratingAfter)],
      ['Change', (p) => (p.ratingBefore === undefined ? '—' : `${p.ratingAfter >= p.ratingBefore ? '+' : ''}${num(p.ratingAfter - p.ratingBefore, 1)}`)],
      ['Ended', (p) => when(p.endedAt)],
    ], players, { empty: 'The session is live: results come when it settles.', testid: 'session-players' }),
    deliveries);
}

export async function playerPage(playerId) {
  const pid = pidOf();
  const player = encodeURIComponent(playerId);
  const [around, results] = await Promise.all([
    api(`/admin/projects/${pid}/leaderboard?around=${player}&n=5`),
    api(`/admin/projects/${pid}/players/${player}/results?limit=100`).then((x) => listOf(x, 'results')),
  ]);
  return h('section', {},
    h('h2', {}, 'Player ', h('code', {}, playerId)),
    around.player ? h('p', {}, `Rank ${around.player.rank}, rating ${num(around.player.rating)} after ${around.player.games} games.`) : h('p', { class: 'muted' }, 'No rated game yet.'),
    h('h3', {}, 'Around them'), leaderboard(listOf(around, 'entries')),
    h('h3', {}, 'Results ', csvLink(`/admin/projects/${pid}/players/${player}/results?limit=1000`)),
    table([
      ['Session', (r) => link(`#/sessions/${encodeURIComponent(r.sessionId)}`, r.sessionId.slice(0, 12))], ['Ended', (r) => when(r.endedAt)], ['State', (r) => r.state],
      ['Result', (r) => (r.won === null ? '—' : r.won ? 'won' : 'lost')], ['Place', (r) => (r.rank === null ? '—' : r.rank + 1)],
      ['Against', (r) => r.opponents.map((t) => t.join(', ')).join(' · ')],
      ['Rating', (r) => (r.ratingBefore === null ? '—' : `${num(r.ratingBefore)} → ${num(r.ratingAfter)}`)],
    ], results, { empty: 'No ended session.', testid: 'player-results' }));
}
