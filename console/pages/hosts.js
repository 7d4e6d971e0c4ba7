import { act, api, confirmAction, field, go, h, query, table, when, workflowLink } from '../lib.js';
import { currentProject, me } from '../app.js';

const pidOf = () => encodeURIComponent(currentProject().id);

export async function hostsPage() {
  const q = query();
  const filters = { search: q.get('search') ?? '', country: q.get('country') ?? '', hideFull: q.get('hideFull') ?? '' };
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const { hosts, countries } = await api(`/projects/${pidOf()}/hosts?${params}`);
  const search = h('input', { name: 'search', value: filters.search, placeholder: 'name, endpoint or owner' });
  const country = h('input', { name: 'country', value: filters.country, placeholder: 'Sweden', size: 12 });
  const hideFull = h('input', { type: 'checkbox', name: 'hideFull', checked: filters.hideFull === 'true' });
  const players = hosts.reduce((n, x) => n + x.playerCount, 0);
  return h('section', {},
    h('h2', {}, 'Hosts ', h('small', { class: 'muted' }, currentProject().name)),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/hosts', { search: search.value.trim(), country: country.value.trim(), hideFull: hideFull.checked ? 'true' : '' }); } },
      field('Search', search), field('Country', country), field('Hide full', hideFull), h('button', { type: 'submit' }, 'Filter')),
    h('div', { class: 'columns' },
      h('div', {},
        h('h3', {}, `Live hosts (${hosts.length} shown, ${players} players)`),
        table([
          ['Name', (x) => x.name], ['Endpoint', (x) => h('code', {}, x.endpoint)], ['Owner', (x) => x.ownerName ?? x.owner], ['Country', (x) => x.country ?? '—'],
          ['Players', (x) => h('button', { class: 'link', onclick: (e) => showPlayers(e.target, x.endpoint) }, `${x.playerCount} / ${x.maxPlayers}`)],
          ['Version', (x) => x.version], ['', (x) => [x.passwordProtected ? '🔒' : '', x.isPrivate ? ' private' : '']],
          ['Online since', (x) => when(x.onlineSince)], ['Last ping', (x) => when(x.lastPing)], ['', (x) => workflowLink(x.workflow)],
          ['', (x) => me().areas.includes('actions') && h('button', { class: 'danger small', onclick: () => endHost(x) }, 'End')],
        ], hosts, { empty: 'No host matches.', testid: 'hosts' })),
      h('div', {},
        h('h3', {}, 'By country'),
        table([
          ['Country', (c) => h('button', { class: 'link', onclick: () => go('/hosts', { ...filters, country: c.country ?? '' }) }, c.country ?? 'unknown')],
          ['Hosts', (c) => c.hosts], ['Players', (c) => c.players],
          ['', (c) => h('span', { class: 'bar', style: undefined }, '█'.repeat(Math.max(1, Math.round((20 * c.hosts) / Math.max(...countries.map((x) => x.hosts))))))],
        ], countries, { empty: 'No hosts.', testid: 'countries' }))));
}

async function showPlayers(button, endpoint) {
  const { players } = await api(`/projects/${pidOf()}/hosts/${encodeURIComponent(endpoint)}/players`);
  button.replaceWith(h('span', {}, players.length ? players.map((p) => p.playerId).join(', ') : 'nobody'));
}

async function endHost(host) {
  if (await confirmAction('End this host', `${host.name} (${host.endpoint}) leaves the list and its ${host.playerCount} players are let go.`, { ok: 'End host' }) === null) return;
  if (await act(() => api(`/projects/${pidOf()}/hosts/${encodeURIComponent(host.endpoint)}/end`, { method: 'POST' }), 'Host ended (audited).')) setTimeout(() => window.dispatchEvent(new HashChangeEvent('hashchange')), 800);
}
