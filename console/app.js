import { api, ApiFailure, field, h, setCsrf } from './lib.js';
import { projectsPage, projectPage } from './pages/projects.js';
import { livePage, ticketPage } from './pages/live.js';
import { resultsPage, sessionPage, playerPage } from './pages/results.js';
import { hostsPage } from './pages/hosts.js';
import { moneyPage, paidMatchPage, walletPage } from './pages/money.js';
import { auditPage } from './pages/audit.js';

/** Pages by hash route; each needs an area the server also checks (a page is a view, the server decides). */
const ROUTES = [
  { path: /^\/projects$/, area: 'projects', nav: 'Projects', page: projectsPage },
  { path: /^\/projects\/([^/]+)$/, area: 'projects', page: projectPage },
  { path: /^\/live$/, area: 'live', nav: 'Matchmaking', page: livePage },
  { path: /^\/tickets\/([^/]+)$/, area: 'live', page: ticketPage },
  { path: /^\/results$/, area: 'results', nav: 'Results', page: resultsPage },
  { path: /^\/sessions\/([^/]+)$/, area: 'results', page: sessionPage },
  { path: /^\/players\/([^/]+)$/, area: 'results', page: playerPage },
  { path: /^\/hosts$/, area: 'hosts', nav: 'Hosts', page: hostsPage },
  { path: /^\/money$/, area: 'paidMatches', nav: 'Money', page: moneyPage },
  { path: /^\/paid-matches\/([^/]+)$/, area: 'paidMatches', page: paidMatchPage },
  { path: /^\/wallets\/([^/]+)$/, area: 'money', page: walletPage },
  { path: /^\/audit$/, area: 'audit', nav: 'Audit log', page: auditPage },
];

const state = { me: null, projects: [], settings: { temporalUi: null, namespace: 'default' } };

export const currentProject = () => state.projects.find((p) => p.id === localStorage.getItem('mf-project')) ?? state.projects[0];
export const me = () => state.me;

/** A workflow the server did not link (a paid match read from the finance API), linked the same way. */
export function temporalLink(workflowId) {
  const { temporalUi, namespace } = state.settings;
  return { workflowId, url: temporalUi ? `${temporalUi.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}` : null };
}

async function boot() {
  try {
    state.me = await api('/me');
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) return signIn();
    throw err;
  }
  setCsrf(state.me.csrfToken);
  [state.projects, state.settings] = await Promise.all([api('/admin/projects?retired=true'), api('/settings')]);
  window.addEventListener('hashchange', render);
  if (!location.hash || location.hash === '#/signin') location.hash = `#/${state.me.areas.includes('live') ? 'live' : state.me.areas.includes('paidMatches') ? 'money' : 'projects'}`;
  else render();
}

function signIn() {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'notice bad', role: 'alert', hidden: true });
  const form = h('form', { class: 'signin', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api('/login', { method: 'POST', body: { username: username.value, password: password.value } });
      // The cookie is Secure: a browser keeps it only from https:// (or localhost); say so rather than loop.
      const kept = await fetch('/console/api/me', { credentials: 'same-origin' });
      if (!kept.ok) throw new Error('Signed in, but this browser did not keep the sign-in cookie: open the console over https:// (or on localhost).');
      location.hash = '';
      location.reload();
    } catch (err) {
      message.hidden = false;
      message.textContent = err.message;
    }
  } }, h('h1', {}, 'Matchflow console'), field('Username', username), field('Password', password), h('button', { type: 'submit' }, 'Sign in'), message);
  document.getElementById('app').replaceChildren(form);
}

async function render() {
  const [path] = location.hash.slice(1).split('?');
  const route = ROUTES.find((r) => r.path.test(path));
  const main = h('main', {}, h('p', { id: 'notice', class: 'notice', role: 'status' }));
  document.getElementById('app').replaceChildren(shell(path), main);
  if (!route) return main.append(h('p', {}, 'No such page.'));
  if (!state.me.areas.includes(route.area)) return main.append(h('p', { class: 'notice bad' }, `Your role (${state.me.role}) does not open this page.`));
  try {
    main.append(await route.page(...path.match(route.path).slice(1).map(decodeURIComponent)));
  } catch (err) {
    main.append(h('p', { class: 'notice bad', role: 'alert' }, err.message));
  }
}

function shell(path) {
  const project = currentProject();
  const picker = h('select', { 'aria-label': 'Project', onchange: (e) => { localStorage.setItem('mf-project', e.target.value); render(); } },
    state.projects.map((p) => h('option', { value: p.id, selected: p.id === project?.id }, `${p.name}${p.retiredAt ? ' (retired)' : ''} · ${p.id.slice(0, 8)}`)));
  return h('header', {},
    h('strong', { class: 'brand' }, 'Matchflow'),
    h('nav', {}, ROUTES.filter((r) => r.nav && state.me.areas.includes(r.area)).map((r) => {
      const target = r.path.source.replace(/^\^\\|\$$/g, '').replace(/\\\//g, '/');
      return h('a', { href: `#${target}`, class: path.startsWith(target) ? 'active' : '' }, r.nav);
    })),
    picker,
    h('span', { class: 'who' }, `${state.me.username} · ${state.me.role}`),
    h('button', { class: 'secondary', onclick: async () => { await api('/logout', { method: 'POST' }); location.hash = ''; location.reload(); } }, 'Sign out'));
}

export function refreshProjects(projects) {
  state.projects = projects;
}

boot().catch((err) => document.getElementById('app').replaceChildren(h('p', { class: 'notice bad' }, err.message)));
