import { api, go, h, query, table, when } from '../lib.js';

export async function auditPage() {
  const user = query().get('user') ?? '';
  const { entries } = await api(`/audit?limit=200${user ? `&user=${encodeURIComponent(user)}` : ''}`);
  const who = h('input', { name: 'user', value: user, placeholder: 'username' });
  return h('section', {},
    h('h2', {}, 'Audit log'),
    h('p', { class: 'muted' }, 'Every sign-in and every change made from the console, newest first. Secrets are never written here: only that they changed or were revealed.'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/audit', { user: who.value.trim() }); } }, who, h('button', { type: 'submit' }, 'Filter')),
    table([
      ['When', (e) => when(e.at)], ['Who', (e) => `${e.username} (${e.role})`], ['Action', (e) => e.action], ['On', (e) => h('code', {}, e.target ?? '')],
      ['Outcome', (e) => h('span', { class: e.outcome === 'ok' ? 'ok' : 'bad' }, e.outcome)], ['Detail', (e) => (e.detail ? JSON.stringify(e.detail) : '')], ['From', (e) => e.ip ?? ''],
    ], entries, { empty: 'Nothing recorded yet.', testid: 'audit' }));
}
