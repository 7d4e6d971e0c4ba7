import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { SessionWebhookDelivery } from '../../core/matchmaking/session-webhooks';
import type { SessionEndedEvent, SessionStartedEvent } from '../../domain/matchmaking/session-webhooks';
import { CREATED_AT, PROJECT_ID, SESSION_ID, WEBHOOK_URL } from '../openapi-examples';
import { COMMON, json, pathParam, SECURITY, type SameShape } from '../openapi-kit';
import { deliveriesQuery } from './session-webhooks';

const admin = { tags: ['admin'], security: SECURITY.admin };
const nullableInt = z.number().int().nullable();

const startedEvent = z.object({
  id: z.string().meta({ description: '`<sessionId>:started`: also the Idempotency-Key of every try.' }), type: z.literal('session.started'), projectId: z.string(),
  sessionId: z.string(), matchTag: z.string().nullable(), serverTag: z.string().nullable(),
  teams: z.array(z.array(z.string())).meta({ description: 'Player ids, team by team, in seat order.' }),
  server: z.object({ name: z.string(), info: z.unknown() }).nullable().meta({ description: 'The dedicated server it was placed on (its name and registered info); null for peer-to-peer.' }),
  startedAt: z.string(),
}).meta({ id: 'SessionStartedEvent', description: '`session.started`: a `/v1a` session formed.' });

const endedPlayer = z.object({
  playerId: z.string(), team: z.number().int(), rank: nullableInt.meta({ description: 'The team\'s place, 0 = first; null when no result settled.' }),
  rating: z.object({ before: z.number(), after: z.number() }).nullable().meta({ description: 'Glicko-2 rating before and after; null when ratings did not move.' }),
});
const endedEvent = z.object({
  id: z.string().meta({ description: '`<sessionId>:ended`: also the Idempotency-Key of every try.' }), type: z.literal('session.ended'), projectId: z.string(), sessionId: z.string(),
  state: z.enum(['settled', 'disputed', 'abandoned', 'cancelled']), resultStatus: z.enum(['finished', 'cancelled']).nullable(), ranks: z.array(z.number().int()).nullable(),
  decidedBy: z.enum(['server', 'agreement', 'majority', 'deadline']).nullable()
    .meta({ description: 'The server\'s report, the players\' agreement or majority, or the deadline (abandoned); null when disputed.' }),
  players: z.array(endedPlayer), endedAt: z.string(),
}).meta({ id: 'SessionEndedEvent', description: '`session.ended`: a `/v1a` session ended, how, and what it did to ratings.' });

const attempt = z.object({
  attempt: z.number().int().meta({ description: '1 for the first try.' }), at: z.string(), url: z.string(),
  status: nullableInt.meta({ description: 'The receiver\'s HTTP status; null when none came.' }), error: z.string().nullable(), durationMs: z.number().int(),
});
const delivery = z.object({
  id: z.string(), sessionId: z.string(), event: z.enum(['session.started', 'session.ended']), idempotencyKey: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']).meta({ description: '`pending` while tries go on; `failed` for good: refused, or the retry window spent.' }),
  payload: z.union([startedEvent, endedEvent]), lastStatus: nullableInt, lastError: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), attempts: z.array(attempt),
}).meta({ id: 'SessionWebhookDelivery' });
const page = z.object({
  deliveries: z.array(delivery), next: z.string().nullable().meta({ description: 'Pass as `before` for the next (older) page; null on the last one.' }),
});
const _sameShapes: [SameShape<z.infer<typeof delivery>, SessionWebhookDelivery>, SameShape<z.infer<typeof startedEvent>, SessionStartedEvent>, SameShape<z.infer<typeof endedEvent>, SessionEndedEvent>] = [true, true, true];

export const STARTED_EXAMPLE: SessionStartedEvent = {
  id: `${SESSION_ID}:started`, type: 'session.started', projectId: PROJECT_ID, sessionId: SESSION_ID, matchTag: 'eu-1.4-duel', serverTag: null,
  teams: [['test:alice'], ['test:bob']], server: null, startedAt: CREATED_AT,
};
export const ENDED_EXAMPLE: SessionEndedEvent = {
  id: `${SESSION_ID}:ended`, type: 'session.ended', projectId: PROJECT_ID, sessionId: SESSION_ID, state: 'settled', resultStatus: 'finished', ranks: [0, 1],
  decidedBy: 'agreement', endedAt: '2026-03-14T09:41:07.000Z',
  players: [
    { playerId: 'test:alice', team: 0, rank: 0, rating: { before: 1500, after: 1662.3108939062977 } },
    { playerId: 'test:bob', team: 1, rank: 1, rating: { before: 1500, after: 1337.6891060937023 } },
  ],
};
const DELIVERY_ID = '5f0c6a1e-8d2b-4c7a-9e3f-1b2d4a6c8e0f';
const pageExample = {
  deliveries: [{
    id: DELIVERY_ID, sessionId: SESSION_ID, event: 'session.ended', idempotencyKey: ENDED_EXAMPLE.id, state: 'delivered', payload: ENDED_EXAMPLE, lastStatus: 200, lastError: null,
    createdAt: ENDED_EXAMPLE.endedAt, updatedAt: '2026-03-14T09:41:10.204Z',
    attempts: [
      { attempt: 1, at: ENDED_EXAMPLE.endedAt, url: WEBHOOK_URL, status: 503, error: null, durationMs: 41 },
      { attempt: 2, at: '2026-03-14T09:41:08.112Z', url: WEBHOOK_URL, status: 503, error: null, durationMs: 38 },
      { attempt: 3, at: '2026-03-14T09:41:10.160Z', url: WEBHOOK_URL, status: 200, error: null, durationMs: 44 },
    ],
  }],
  next: null,
};

const signed = z.object({
  'matchflow-signature': z.string().meta({ description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the webhook secret>`; refuse old `t`.', example: 't=1773480067,v1=5257a869e7…' }),
  'idempotency-key': z.string().meta({ description: 'The event\'s id: the same on every try of one event.', example: ENDED_EXAMPLE.id }),
  'matchflow-event': z.enum(['session.started', 'session.ended']),
});

/** The session webhooks: the deliveries operators read, and the two events a game backend receives (OpenAPI `webhooks`). */
export function registerSessionWebhooks(r: OpenAPIRegistry): void {
  r.registerPath({
    method: 'get', path: '/admin/projects/{projectId}/session-webhooks/deliveries', ...admin, summary: 'Session webhook deliveries',
    description: 'Lists what Matchflow sent, or is still trying to send, to the project\'s session webhook, newest first: each event with its state and every try '
      + '(when, the HTTP status or why none came, how long it took). `state=failed` finds the ones no try delivered; page on with `before=<next>`. A read, safe to repeat.',
    request: { params: z.object({ projectId: pathParam('The project id.', PROJECT_ID) }), query: deliveriesQuery },
    responses: { 200: json('A page of deliveries.', page, pageExample), ...COMMON.malformed, ...COMMON.noProject, ...COMMON.adminToken },
  });
  for (const [event, schema, example] of [['session.started', startedEvent, STARTED_EXAMPLE], ['session.ended', endedEvent, ENDED_EXAMPLE]] as const) {
    r.registerWebhook({
      method: 'post', path: event, tags: ['session webhooks'], summary: event === 'session.started' ? 'A session started' : 'A session ended',
      description: `Matchflow POSTs \`${event}\` to the project's \`sessionWebhook.url\`, signed with its secret (README "Session webhooks"). Any 2xx is delivered; `
        + '408, 429, a 5xx or no answer is retried from 1 s, doubling, at most an hour apart, for SESSION_WEBHOOK_WINDOW_SECONDS; any other answer fails it for good.',
      request: { headers: signed, body: { content: { 'application/json': { schema, example } } } },
      responses: { 200: { description: 'Delivered (any 2xx).' } },
    });
  }
}
