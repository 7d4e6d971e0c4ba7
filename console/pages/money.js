import { act, api, chart, confirmAction, csvLink, field, go, h, link, money, PALETTE, query, table, when, workflowLink } from '../lib.js';
import { currentProject, me, temporalLink } from '../app.js';

const pidOf = () => encodeURIComponent(currentProject().id);
const STATES = ['', 'lobby', 'escrow', 'starting', 'live', 'settling', 'settled', 'refunding', 'refunded', 'expired', 'cancelled'];
const FINAL = ['settled', 'refunded', 'expired', 'cancelled'];
/** Kinds drawn on the daily chart, in the words finance uses. */
const KINDS = [['entryFee', 'Fees in'], ['payout', 'Payouts'], ['rake', 'Rake'], ['refund', 'Refunds']];

/** Finance and admins see the books; operators see the paid matches only (to follow one and abort it). */
export async function moneyPage() {
  const q = query();
  const filters = { from: q.get('from') ?? '', to: q.get('to') ?? '', state: q.get('state') ?? '' };
  const books = me().areas.includes('money');
  const matchParams = new URLSearchParams(Object.entries({ projectId: currentProject().id, ...filters, to: filters.to && nextDay(filters.to), limit: '200' }).filter(([, v]) => v));
  const [figures, { matches }] = await Promise.all([books ? booksOf(filters) : null, api(`/admin/finance/matches?${matchParams}`)]);
  const input = (name) => h('input', { name, type: 'date', value: filters[name] });
  const from = input('from'), to = input('to');
  const state = h('select', { name: 'state' }, STATES.map((s) => h('option', { value: s, selected: s === filters.state }, s || 'any state')));
  return h('section', {},
    h('h2', {}, books ? 'Money ' : 'Paid matches ', h('small', { class: 'muted' }, currentProject().name)),
    figures && ledgerCheck(figures.ledger),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/money', { from: from.value, to: to.value, state: state.value }); } },
      field('From', from), field('To', to), field('State', state), h('button', { type: 'submit' }, 'Show')),
    figures && booksView(figures),
    h('h3', {}, 'Paid matches ', books && csvLink(`/admin/finance/transactions?projectId=${pidOf()}${filters.from ? `&from=${filters.from}` : ''}${filters.to ? `&to=${nextDay(filters.to)}` : ''}&limit=10000`, 'Export transactions CSV')),
    table([
      ['Match', (m) => link(`#/paid-matches/${encodeURIComponent(m.matchId)}`, m.matchId.slice(0, 12))], ['State', (m) => h('span', { class: `state ${m.state}` }, m.state)],
      ['Entry fee', (m) => money(m.entryFee, m.currency)], ['Players', (m) => m.teams.flatMap((t) => t.members.map((x) => x.playerId)).join(', ')],
      ['Created', (m) => when(m.createdAt)], ['Ended', (m) => when(m.endedAt)], ['Why', (m) => m.reason ?? ''],
    ], matches, { empty: 'No paid match in this period.', testid: 'paid-matches' }),
    books && walletLookup());
}

async function booksOf(filters) {
  const period = new URLSearchParams(Object.entries({ from: filters.from, to: filters.to }).filter(([, v]) => v));
  const [days, ledger, summary] = await Promise.all([
    api(`/projects/${pidOf()}/money/days?${period}`), api('/ledger-check'),
    api(`/admin/finance/summary?projectId=${pidOf()}${filters.from ? `&from=${filters.from}` : ''}${filters.to ? `&to=${nextDay(filters.to)}` : ''}`),
  ]);
  return { days, ledger, summary, period };
}

function ledgerCheck(ledger) {
  return h('p', { class: `check ${ledger.ok ? 'pass' : 'fail'}`, 'data-testid': 'ledger-check' },
    ledger.ok ? `✔ Ledger check passed (all projects, ${when(ledger.checkedAt)}): every transaction balances, no account is negative or drifted, the books sum to zero.`
      : `✘ Ledger check FAILED: sum ${ledger.sum}; negative ${ledger.negativeAccounts.length}, drifted ${ledger.driftedAccounts.length}, unbalanced ${ledger.unbalancedTransactions.length}.`);
}

function booksView({ days, summary, period }) {
  return [
    h('div', { class: 'cards' }, KINDS.map(([kind, title]) => h('div', { class: 'card' }, h('span', { class: 'muted' }, title), h('strong', {}, money(summary.totals[kind]?.amount ?? 0)))),
      h('div', { class: 'card' }, h('span', { class: 'muted' }, 'House income'), h('strong', {}, money(summary.houseIncome ?? 0)))),
    h('h3', {}, `By day, ${days.from.slice(0, 10)} to ${days.to.slice(0, 10)} (exclusive) `, csvLink(`/projects/${pidOf()}/money/days?${period}`)),
    dailyChart(days),
  ];
}

function walletLookup() {
  const player = h('input', { name: 'player', placeholder: 'player id', 'aria-label': 'Wallet of player' });
  return [
    h('h3', {}, 'Wallets'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); if (player.value.trim()) go(`/wallets/${encodeURIComponent(player.value.trim())}`); } }, player, h('button', { type: 'submit' }, 'Open wallet'),
      csvLink(`/admin/finance/balances?projectId=${pidOf()}&kind=wallet`, 'Export balances CSV')),
  ];
}

const nextDay = (d) => new Date(Date.parse(d) + 86_400_000).toISOString().slice(0, 10);

/** Every day of the period gets its bars (zero when nothing moved), so gaps read as quiet days, not missing ones. */
function dailyChart({ from, to, days }) {
  if (!days.length) return h('p', { class: 'muted' }, 'No money moved in this period.');
  const labels = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += 86_400_000) labels.push(new Date(t).toISOString().slice(0, 10));
  const datasets = KINDS.map(([kind, title], i) => ({
    label: title, backgroundColor: PALETTE[i], data: labels.map((day) => (days.find((d) => d.day === day && d.kind === kind)?.amount ?? 0) / 100),
  }));
  return chart('money-by-day', { type: 'bar', data: { labels, datasets }, options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'amount' } } } } });
}

export async function paidMatchPage(matchId) {
  const { match, money: m, transactions } = await api(`/admin/finance/matches/${encodeURIComponent(matchId)}`);
  const canAbort = me().areas.includes('actions') && !FINAL.includes(match.state);
  return h('section', {},
    h('h2', {}, 'Paid match ', h('code', {}, match.matchId), ' ', h('span', { class: `state ${match.state}` }, match.state)),
    workflowLink(temporalLink(`platform-match/${match.matchId}`)),
    canAbort && h('button', { class: 'danger', onclick: () => abort(match) }, 'Abort match…'),
    h('div', { class: 'columns' },
      h('div', {},
        h('h3', {}, 'Money trail'),
        h('dl', { 'data-testid': 'money-trail' },
          [['Fees in', m.feesIn], ['Rake', m.rake], ['Payouts', m.payouts], ['Refunds', m.refunds], ['Remainder', m.remainder], ['Left in escrow', m.escrowBalance]]
            .map(([k, v]) => [h('dt', {}, k), h('dd', {}, money(v, match.currency))])),
        table([
          ['Posted', (t) => when(t.postedAt)], ['Kind', (t) => t.kind], ['Amount', (t) => money(t.amount, match.currency)], ['From', (t) => h('code', {}, t.from)], ['To', (t) => h('code', {}, t.to)],
          ['Player', (t) => (t.playerId ? link(`#/wallets/${encodeURIComponent(t.playerId)}`, t.playerId) : '—')], ['Memo', (t) => t.memo ?? ''],
        ], transactions, { empty: 'No money has moved for this match.', testid: 'match-transactions' })),
      h('div', {},
        h('h3', {}, 'Teams and result'),
        table([
          ['Team', (t) => t.id], ['Players', (t) => t.members.map((x) => x.playerId).join(', ')],
          ['Place', (t) => match.payout?.places.find((p) => p.teamId === t.id)?.place ?? '—'],
        ], match.teams),
        h('pre', { class: 'json' }, JSON.stringify({ result: match.result, payout: match.payout, reason: match.reason }, null, 2)))));
}

async function abort(match) {
  const reason = await confirmAction('Abort this paid match', `Match ${match.matchId} is stopped and every entry fee in escrow is refunded. Give a reason: it is kept with the match and in the audit log.`, { reason: true, ok: 'Abort match' });
  if (!reason) return;
  if (await act(() => api(`/admin/projects/${encodeURIComponent(match.projectId)}/paid-matches/${encodeURIComponent(match.matchId)}/abort`, { method: 'POST', body: { reason } }), 'Abort requested (audited): the match refunds its players.')) {
    setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 1500);
  }
}

export async function walletPage(playerId) {
  const player = encodeURIComponent(playerId);
  const [wallet, { transactions }] = await Promise.all([
    api(`/admin/projects/${pidOf()}/wallets/${player}`),
    api(`/admin/finance/transactions?projectId=${pidOf()}&playerId=${player}&limit=500`),
  ]);
  return h('section', {},
    h('h2', {}, 'Wallet of ', h('code', {}, playerId)),
    h('p', { class: 'big', 'data-testid': 'wallet-balance' }, `Balance ${money(wallet.balance)}`),
    h('h3', {}, 'Transactions ', csvLink(`/admin/finance/transactions?projectId=${pidOf()}&playerId=${player}&limit=10000`)),
    table([
      ['Posted', (t) => when(t.postedAt)], ['Kind', (t) => t.kind], ['Amount', (t) => money(t.amount)], ['From', (t) => h('code', {}, t.from)], ['To', (t) => h('code', {}, t.to)],
      ['Match', (t) => (t.matchId ? link(`#/paid-matches/${encodeURIComponent(t.matchId)}`, t.matchId.slice(0, 12)) : '—')], ['Memo', (t) => t.memo ?? ''],
    ], transactions, { empty: 'No transactions.', testid: 'wallet-transactions' }));
}
