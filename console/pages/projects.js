import { act, api, confirmAction, field, go, h, link, notice, table, when } from '../lib.js';
import { me, refreshProjects } from '../app.js';

const mayChange = () => me().areas.includes('projectChanges');

export async function projectsPage() {
  const projects = await api('/admin/projects?retired=true');
  refreshProjects(projects);
  const name = h('input', { name: 'name', required: true, maxlength: 100, placeholder: 'My game' });
  const create = mayChange() && h('form', { class: 'inline', onsubmit: async (e) => {
    e.preventDefault();
    let made;
    if (await act(async () => { made = await api('/admin/projects', { method: 'POST', body: { name: name.value, testKey: true } }); }, 'Project created: its secrets are shown once below.')) {
      go(`/projects/${made.id}`, { created: '1' });
      sessionStorage.setItem(`mf-created-${made.id}`, JSON.stringify(made));
    }
  } }, field('New project', name), h('button', { type: 'submit' }, 'Create'));
  return h('section', {},
    h('h2', {}, 'Projects'),
    create,
    table([
      ['Name', (p) => link(`#/projects/${encodeURIComponent(p.id)}`, p.name)],
      ['Id', (p) => h('code', {}, p.id)],
      ['Revision', (p) => p.revision],
      ['Paid matches', (p) => (p.platform ? 'on' : 'off')],
      ['Created', (p) => when(p.createdAt)],
      ['State', (p) => (p.retiredAt ? `retired ${when(p.retiredAt)}` : 'serving')],
    ], projects, { testid: 'projects' }));
}

/** Settings as the admin API's PATCH takes them, edited as JSON: every setting the API allows, checked by the server. */
export async function projectPage(projectId) {
  const pid = encodeURIComponent(projectId);
  const created = sessionStorage.getItem(`mf-created-${projectId}`);
  sessionStorage.removeItem(`mf-created-${projectId}`);
  const project = created ? JSON.parse(created) : await api(`/admin/projects/${pid}`);
  const view = h('pre', { class: 'json', 'data-testid': 'project-json' }, JSON.stringify(project, null, 2));
  const show = (p, text) => { view.textContent = JSON.stringify(p, null, 2); notice(text); };
  const editor = h('textarea', { rows: 8, spellcheck: 'false', 'aria-label': 'Changes (JSON)' }, JSON.stringify({ name: project.name }, null, 2));
  const actions = mayChange() && !project.retiredAt && h('div', { class: 'actions' },
    h('button', { onclick: async () => {
      if (await confirmAction('Reveal secrets', 'Every secret of this project is shown in clear, and the audit log records that you looked.', { ok: 'Reveal' }) === null) return;
      await act(async () => show(await api(`/admin/projects/${pid}?reveal=true`), 'Secrets revealed (audited).'), 'Secrets revealed (audited).');
    } }, 'Reveal secrets'),
    ['testKey', 'serverToken', ...(project.sessionWebhook ? ['sessionWebhookSecret'] : [])].map((secret) => h('button', { class: 'secondary', onclick: async () => {
      if (await confirmAction(`Rotate ${secret}`, `The old ${secret} stops working at once. The new one is shown once.`, { ok: 'Rotate' }) === null) return;
      await act(async () => show(await api(`/admin/projects/${pid}`, { method: 'PATCH', body: { rotate: [secret] } }), `${secret} rotated.`), `${secret} rotated.`);
    } }, `Rotate ${secret}`)),
    h('button', { class: 'secondary', onclick: async () => {
      if (await confirmAction('Rotate the Versus secret', 'Versus games signing with the old secret are refused from now on.', { ok: 'Rotate' }) === null) return;
      await act(async () => show(await api(`/admin/projects/${pid}/versus/rotate-secret`, { method: 'POST' }), 'Versus secret rotated.'), 'Versus secret rotated.');
    } }, 'Rotate Versus secret'),
    project.platform && h('button', { class: 'secondary', onclick: async () => {
      if (await confirmAction('Rotate the paid-match client secret', 'The game\'s backend logs in with the new secret from now on; the new developer-config.json is shown once.', { ok: 'Rotate' }) === null) return;
      await act(async () => show(await api(`/admin/projects/${pid}/platform/rotate-secret`, { method: 'POST' }), 'Client secret rotated: give the game this developer-config.json.'), 'Client secret rotated.');
    } }, 'Rotate paid-match client secret'),
    h('button', { class: 'danger', onclick: async () => {
      if (await confirmAction('Retire this project', 'Nothing new starts in it (no logins, tickets, hosts, paid matches); what runs ends as usual. This cannot be undone here.', { ok: 'Retire' }) === null) return;
      await act(async () => show(await api(`/admin/projects/${pid}`, { method: 'DELETE' }), 'Project retired.'), 'Project retired.');
    } }, 'Retire'));
  const edit = mayChange() && !project.retiredAt && h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    let body;
    try { body = JSON.parse(editor.value); } catch (err) { return notice(`Not JSON: ${err.message}`, true); }
    await act(async () => show(await api(`/admin/projects/${pid}`, { method: 'PATCH', body }), 'Saved.'), 'Saved.');
  } },
  h('h3', {}, 'Change settings'),
  h('p', { class: 'muted' }, 'Only the fields you give change, as with PATCH /admin/projects/{id} (see /docs): name, testLogins, rotate, itch, steam, groupingRule, padrone, platform… null removes an optional setting.'),
  editor, h('button', { type: 'submit' }, 'Save changes'));
  return h('section', {},
    h('h2', {}, project.name, ' ', h('small', { class: 'muted' }, project.id)),
    created && h('p', { class: 'notice good' }, 'New project: its secrets below are shown this once.'),
    actions, view, edit);
}
