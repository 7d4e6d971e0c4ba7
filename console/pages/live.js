import { act, ago, api, chart, confirmAction, go, h, link, PALETTE, query, table, when, workflowLink } from '../lib.js';
import { currentProject, me } from '../app.js';
import { webhookDeliveries } from './webhooks.js';

const mayAct = () => me().areas.includes('actions');
const pidOf = () => encodeURIComponent(currentProject().id);

export async function livePage() {
  const project = currentProject();
  if (!project) return h('p', {}, 'No project yet.');
  const pid = pidOf();
  const [live, deliveries] = await Promise.all([api(`/projects/${pid}/live`), webhookDeliveries(project.id)]);
  const player = query().get('player') ?? '';
  const found = player ? (await api(`/projects/${pid}/tickets?player=${encodeURIComponent(player)}`)).tickets : null;
  const search = h('input', { name: 'player', value: player, placeholder: 'player id', 'aria-label': 'Find tickets by player' });
  return h('section', {},
    h('h2', {}, 'Matchmaking, live ', h('small', { class: 'muted' }, project.name)),
    h('div', { class: 'cards' },
      card('Tickets searching', live.buckets.reduce((n, b) => n + b.searching, 0)),
      card('Buckets with players', live.buckets.length),
      card('Matched in the last hour', live.matchTimes.reduce((n, t) => n + t.matched, 0)),
      card('Servers on offer', live.servers.length)),
    h('h3', {}, 'Buckets'),
    table([
      ['Bucket', (b) => h('code', {}, b.bucketLabel)], ['Searching', (b) => b.searching], ['Longest wait', (b) => ago(b.oldestRequestedAt)],
    ], live.buckets, { empty: 'Nobody is searching right now.', testid: 'buckets' }),
    h('h3', {}, 'Time to match, last hour (p50 and p95 per 5 minutes)'),
    matchTimeChart(live.matchTimes),
    h('h3', {}, 'Sessions started in the last hour'),
    table([['State', (s) => s.state], ['Sessions', (s) => s.sessions]], live.sessionStates, { empty: 'No sessions in the last hour.' }),
    h('h3', {}, 'Recent sessions'),
    table([
      ['Session', (s) => link(`#/sessions/${encodeURIComponent(s.sessionId)}`, s.sessionId.slice(0, 12))],
      ['State', (s) => h('span', { class: `state ${s.state}` }, s.state)],
      ['Teams', (s) => s.players.map((t, i) => `${t.join(', ')}${s.ranks ? ` (#${s.ranks[i] + 1})` : ''}`).join(' vs ')],
      ['Decided by', (s) => s.decidedBy ?? '—'], ['Server', (s) => s.serverName ?? '—'], ['Started', (s) => when(s.startedAt)],
    ], live.sessions, { testid: 'recent-sessions' }),
    h('h3', {}, 'Find a player\'s tickets'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/live', { player: search.value.trim() }); } }, search, h('button', { type: 'submit' }, 'Find')),
    found && ticketTable(found, 'No tickets for this player.'),
    h('h3', {}, 'Tickets searching'),
    ticketTable(live.searching, 'No ticket is searching.'),
    h('h3', {}, 'Servers on offer'),
    table([
      ['Server', (s) => h('code', {}, s.name)], ['Tag', (s) => s.serverTag ?? '—'], ['Offered', (s) => when(s.registeredAt)], ['Until', (s) => when(s.expiresAt)],
      ['', (s) => mayAct() && h('button', { class: 'danger small', onclick: () => withdraw(s.name) }, 'Withdraw')],
    ], live.servers, { empty: 'No dedicated server is on offer.', testid: 'servers' }),
    deliveries);
}

function card(title, value) {
  return h('div', { class: 'card' }, h('span', { class: 'muted' }, title), h('strong', {}, value));
}

function matchTimeChart(times) {
  if (!times.length) return h('p', { class: 'muted' }, 'No ticket was matched in the last hour.');
  const slots = [...new Set(times.map((t) => t.slot))].sort();
  const buckets = [...new Set(times.map((t) => t.bucketLabel))];
  const series = (bucket, key) => slots.map((slot) => times.find((t) => t.slot === slot && t.bucketLabel === bucket)?.[key] ?? null);
  const datasets = buckets.flatMap((b, i) => [
    { label: `${b} p50`, data: series(b, 'p50Seconds'), borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: true },
    { label: `${b} p95`, data: series(b, 'p95Seconds'), borderColor: PALETTE[i % PALETTE.length], borderDash: [5, 4], backgroundColor: PALETTE[i % PALETTE.length], spanGaps: true },
  ]);
  return chart('time-to-match', {
    type: 'line', data: { labels: slots.map((s) => s.slice(11, 16)), datasets },
    options: { scales: { y: { title: { display: true, text: 'seconds' }, beginAtZero: true } } },
  });
}

function ticketTable(tickets, empty) {
  return table([
    ['Ticket', (t) => link(`#/tickets/${encodeURIComponent(t.ticketId)}`, t.ticketId.slice(0, 12))], ['Player', (t) => t.playerId], ['Bucket', (t) => h('code', {}, t.bucketLabel)],
    ['Asked', (t) => when(t.requestedAt)], ['Verdict', (t) => verdict(t)],
    ['', (t) => mayAct() && !t.status && h('button', { class: 'danger small', onclick: () => cancel(t.ticketId) }, 'Cancel')],
  ], tickets, { empty, testid: 'tickets' });
}

const verdict = (t) => (!t.status ? (new Date(t.deadlineAt) > new Date() ? 'searching' : 'expired') : t.status.status === 'matched' ? 'matched' : t.status.reason ?? t.status.status);

async function cancel(ticketId) {
  if (await confirmAction('Cancel this ticket', `Ticket ${ticketId} stops searching; its player is told "cancelled".`, { ok: 'Cancel ticket' }) === null) return;
  if (await act(() => api(`/projects/${pidOf()}/tickets/${encodeURIComponent(ticketId)}/cancel`, { method: 'POST' }), 'Ticket cancelled (audited).')) setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 800);
}

async function withdraw(name) {
  if (await confirmAction('Withdraw this server', `Server ${name} is no longer offered to matchers.`, { ok: 'Withdraw' }) === null) return;
  if (await act(() => api(`/projects/${pidOf()}/servers/${encodeURIComponent(name)}/withdraw`, { method: 'POST' }), 'Server withdrawn (audited).')) setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 800);
}

export async function ticketPage(ticketId) {
  const { ticket, workflow } = await api(`/projects/${pidOf()}/tickets/${encodeURIComponent(ticketId)}`);
  const session = ticket.status?.assignment?.sessionId;
  return h('section', {},
    h('h2', {}, 'Ticket ', h('code', {}, ticket.ticketId)), workflowLink(workflow),
    h('dl', {},
      h('dt', {}, 'Player'), h('dd', {}, link(`#/players/${encodeURIComponent(ticket.playerId)}`, ticket.playerId)),
      h('dt', {}, 'Bucket'), h('dd', {}, h('code', {}, ticket.bucketLabel)),
      h('dt', {}, 'Asked'), h('dd', {}, when(ticket.requestedAt)),
      h('dt', {}, 'Gives up'), h('dd', {}, when(ticket.deadlineAt)),
      h('dt', {}, 'Verdict'), h('dd', {}, verdict(ticket), ticket.answeredAt ? ` at ${when(ticket.answeredAt)}` : ''),
      session && [h('dt', {}, 'Session'), h('dd', {}, link(`#/sessions/${encodeURIComponent(session)}`, session))]),
    mayAct() && !ticket.status && h('button', { class: 'danger', onclick: () => cancel(ticket.ticketId) }, 'Cancel ticket'));
}
