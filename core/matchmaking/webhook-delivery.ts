import { countWebhookDelivery } from '../metrics';
import type { Db } from '../../db/create-db';
import { deliveryToSend, recordAttempt, type AttemptRecord } from '../../db/matchmaking/webhook-deliveries';
import type { DeliveryState, SessionEventType } from '../../domain/matchmaking/session-webhooks';
import type { Logger } from '../log';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

/** One try to deliver a session event: sent signed, answered, recorded. Its retries are the activity's (Temporal's). */

/** delivered: a 2xx. retry: 408, 429, a 5xx, a timeout or no answer. refused: anything else, for good. */
export type AttemptOutcome = 'delivered' | 'retry' | 'refused';

export interface AttemptReport {
  deliveryId: string;
  event: SessionEventType;
  attempt: number;
  outcome: AttemptOutcome;
  /** The receiver's host: never the path or query, which may hold a token of the receiver's. */
  host?: string;
  status?: number;
  error?: string;
  durationMs: number;
}

/**
 * Every try's outcome passes through here, and only here: one structured log line (never the body, the secret or
 * the signature), and the Prometheus counter of delivery outcomes.
 */
export function noteDeliveryAttempt(log: Logger, report: AttemptReport): void {
  // A try that will be retried is a failed delivery attempt to Prometheus, as the paid matches' webhooks count theirs.
  countWebhookDelivery(report.event, report.outcome === 'retry' ? 'failed' : report.outcome);
  if (report.outcome === 'delivered') log.info(report, 'session webhook delivered');
  else log.warn(report, report.outcome === 'retry' ? 'session webhook attempt failed; it will be retried' : 'session webhook refused for good');
}

export interface AttemptInput {
  deliveryId: string;
  event: SessionEventType;
  idempotencyKey: string;
  /** Temporal's count of this activity's tries, from 1: it names the try in webhook_attempts. */
  attempt: number;
  attemptTimeoutMs: number;
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  /** What the try came to, for the retry's or the final failure's message. */
  detail: string;
}

/** POSTs the event once and records the try; a delivery that has already ended is not sent again. */
export async function attemptDelivery(deps: { db: Db; log: Logger }, input: AttemptInput): Promise<AttemptResult> {
  const delivery = await deliveryToSend(deps.db, input.deliveryId);
  if (!delivery) return { outcome: 'refused', detail: `no delivery ${input.deliveryId}` };
  if (delivery.state !== 'pending') return { outcome: delivery.state === 'delivered' ? 'delivered' : 'refused', detail: `already ${delivery.state}` };
  const at = new Date();
  if (!delivery.webhook) {
    const detail = 'the project has no session webhook any more';
    await finish(deps, input, { attempt: input.attempt, at, url: '', status: null, error: detail, durationMs: 0 }, { outcome: 'refused', detail });
    return { outcome: 'refused', detail };
  }
  const { url, secret } = delivery.webhook;
  const answer = await post(url, secret, delivery.body, input);
  const durationMs = Date.now() - at.getTime();
  const result: AttemptResult = answer.status === undefined
    ? { outcome: 'retry', detail: answer.error! } : { outcome: outcomeOf(answer.status), detail: `the receiver answered ${answer.status}` };
  await finish(deps, input, { attempt: input.attempt, at, url: withoutQuery(url), status: answer.status ?? null, error: answer.error ?? null, durationMs }, result);
  return result;
}

/** What an attempt keeps of the URL: origin and path; a query may carry a token of the receiver's. */
function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(unparsable URL)';
  }
}

function outcomeOf(status: number): AttemptOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  return status >= 500 || status === 408 || status === 429 ? 'retry' : 'refused';
}

const STATE_AFTER: Record<AttemptOutcome, DeliveryState> = { delivered: 'delivered', retry: 'pending', refused: 'failed' };

async function finish(deps: { db: Db; log: Logger }, input: AttemptInput, a: AttemptRecord, { outcome, detail }: AttemptResult): Promise<void> {
  await recordAttempt(deps.db, input.deliveryId, a, { state: STATE_AFTER[outcome], lastError: outcome === 'delivered' ? null : detail });
  noteDeliveryAttempt(deps.log, {
    deliveryId: input.deliveryId, event: input.event, attempt: a.attempt, outcome, host: hostOf(a.url), status: a.status ?? undefined, error: a.error ?? undefined,
    durationMs: a.durationMs,
  });
}

async function post(url: string, secret: string, body: string, input: AttemptInput): Promise<{ status?: number; error?: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'user-agent': 'Matchflow-Webhooks/1', 'matchflow-event': input.event, 'idempotency-key': input.idempotencyKey,
        // Signed at each try: a receiver's tolerance for old signatures then never refuses a late retry.
        [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(input.attemptTimeoutMs),
      // A redirect is an answer (refused), not an address to follow with the signature.
      redirect: 'manual',
    });
    await res.body?.cancel();
    return { status: res.status };
  } catch (err) {
    return { error: failureOf(err, input.attemptTimeoutMs) };
  }
}

function failureOf(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  return `no answer: ${cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))}`;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
