// Small helpers every page shares: the API call (cookie + CSRF), DOM building without innerHTML, tables, charts.

let csrfToken = '';
export const setCsrf = (token) => { csrfToken = token; };

export class ApiFailure extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

/** JSON from /console/api; changes carry the CSRF token; a 401 sends the user back to sign-in. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/console/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/login')) location.hash = '#/signin';
    throw new ApiFailure(res.status, (data && (data.message || data.error)) || `HTTP ${res.status}`);
  }
  return data;
}

/** h('a', { href }, 'text', child…): elements from data, so nothing a player typed becomes markup. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A table: columns are [heading, row => cell]; an empty list says so. */
export function table(columns, rows, { empty = 'Nothing here yet.', testid } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', { 'data-testid': testid },
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', {}, title)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row)))))));
}

export const when = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '—');
export const ago = (iso) => {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
};
export const money = (n, currency = '') => `${(Number(n) / 100).toFixed(2)}${currency ? ` ${currency}` : ''}`;
export const num = (n, digits = 0) => (n === null || n === undefined ? '—' : Number(n).toFixed(digits));

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}

/** The workflow in the Temporal Web UI, when the deployment names one. */
export function workflowLink(w) {
  if (!w) return null;
  return w.url ? h('a', { href: w.url, target: '_blank', rel: 'noopener', class: 'temporal' }, 'Open in Temporal ↗') : h('code', {}, w.workflowId);
}

export function csvLink(path, text = 'Export CSV') {
  const sep = path.includes('?') ? '&' : '?';
  return h('a', { href: `/console/api${path}${sep}format=csv`, class: 'button secondary', download: '' }, text);
}

/** Asks before an action; with `reason`, the user must give one. Resolves to the reason, '' or null (kept). */
export function confirmAction(title, text, { reason = false, ok = 'Confirm' } = {}) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = ok;
  const input = document.getElementById('confirm-reason');
  document.getElementById('confirm-reason-label').hidden = !reason;
  input.value = '';
  input.required = reason;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? input.value.trim() : null), { once: true });
    dialog.showModal();
  });
}

/** Runs an action, then says how it went in the page's notice line. */
export async function act(fn, done) {
  try {
    await fn();
    notice(done);
    return true;
  } catch (err) {
    notice(err.message, true);
    return false;
  }
}

export function notice(text, bad = false) {
  const el = document.getElementById('notice');
  if (!el) return;
  el.textContent = text;
  el.className = bad ? 'notice bad' : 'notice good';
}

const charts = new Map();

/** One Chart.js chart per canvas id, replaced on each render. */
export function chart(id, config) {
  charts.get(id)?.destroy();
  const canvas = h('canvas', { id, height: 90 });
  // After the page has put the canvas in the document, so the chart sizes to it.
  setTimeout(() => charts.set(id, new window.Chart(canvas, { ...config, options: { animation: false, responsive: true, ...config.options } })));
  return h('div', { class: 'chart' }, canvas);
}

export const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

export function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

export function query() {
  const [, q = ''] = location.hash.split('?');
  return new URLSearchParams(q);
}

export function go(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  location.hash = `#${path}${q.toString() ? `?${q}` : ''}`;
}
