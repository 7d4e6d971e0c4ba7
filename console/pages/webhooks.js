import { api, h, table, when } from '../lib.js';
import { me } from '../app.js';

/**
 * Session webhook deliveries with every try (when, HTTP status or error, how long), as the game's backend got them.
 * Operators and admins see them; for other roles the section is left out (the server would refuse it too).
 */
export async function webhookDeliveries(projectId, { sessionId, limit = 20 } = {}) {
  if (!me().areas.includes('live')) return null;
  const params = new URLSearchParams({ limit: String(limit), ...(sessionId && { sessionId }) });
  const { deliveries } = await api(`/admin/projects/${encodeURIComponent(projectId)}/session-webhooks/deliveries?${params}`);
  return h('div', {},
    h('h3', {}, 'Session webhooks'),
    table([
      ['Event', (d) => d.event], ['Session', (d) => d.sessionId.slice(0, 12)], ['State', (d) => h('span', { class: `state ${d.state}` }, d.state)],
      ['Idempotency-Key', (d) => h('code', {}, d.idempotencyKey)], ['Queued', (d) => when(d.createdAt)],
      ['Tries', (d) => h('ol', { class: 'tries' }, d.attempts.map((a) => h('li', { class: a.status >= 200 && a.status < 300 ? 'ok' : 'bad' },
        `${when(a.at)} · ${a.status ?? a.error ?? 'no answer'} · ${a.durationMs} ms`)))],
    ], deliveries, { empty: 'No session webhook delivery (the project names no webhook, or nothing happened yet).', testid: 'webhook-deliveries' }));
}
