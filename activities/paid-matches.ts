import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/create-db';
import { LedgerRefusal, postTransfer } from '../db/paid-matches/ledger';
import { recordPaidMatch } from '../db/paid-matches/matches';
import type { PostedTransaction, Transfer } from '../domain/paid-matches/ledger';
import type { Logger } from '../core/log';
import { countLedgerTransfer, countWebhookDelivery, webhookOutcome } from '../core/metrics';
import { PAID_MATCH_FAILURE, type PaidMatchView } from '../domain/paid-matches/contract';
import type { SigningKeys } from '../domain/paid-matches/signing-keys';

export interface PaidMatchDeps {
  db: Db;
  log: Logger;
  /** Absent when PLATFORM_SIGNING_KEY is unset: no paid match can start, so no webhook is ever due. */
  signingKeys?: SigningKeys;
}

export interface MatchInfoCall {
  url: string;
  issuer: string;
  /** The game's OAuth client id (its project id): the audience of the bearer token. */
  clientId: string;
  matchId: string;
  /** Sent as the JWT's jti and the Idempotency-Key header, so the game can drop a retried delivery. */
  idempotencyKey: string;
  body: unknown;
  attemptTimeoutMs: number;
}

/** Money and the game's webhook: the side effects of a paid match. */
export function createPaidMatchActivities(deps: PaidMatchDeps) {
  return {
    /** One double-entry transaction; the workflow's idempotency key makes a retry post nothing new. */
    async moveMoney(transfer: Transfer): Promise<PostedTransaction> {
      try {
        const posted = await postTransfer(deps.db, transfer);
        if (!posted.replayed) countLedgerTransfer(transfer);
        deps.log.info({ matchId: transfer.matchId, kind: transfer.kind, amount: transfer.amount, key: transfer.idempotencyKey, replayed: posted.replayed }, 'money moved');
        return posted;
      } catch (err) {
        if (!(err instanceof LedgerRefusal)) throw err;
        const type = err.reason === 'insufficientFunds' ? PAID_MATCH_FAILURE.insufficientFunds : PAID_MATCH_FAILURE.keyReused;
        throw ApplicationFailure.nonRetryable(err.message, type);
      }
    },

    /**
     * `PUT {match-info-url}`. 200 starts the match. A network error, a timeout or a 5xx throws a retryable
     * error (the workflow bounds the retries); any other answer refuses the match for good.
     */
    async pushMatchInfo(call: MatchInfoCall): Promise<void> {
      const res = await callGame(deps, 'PUT', call, (status) => status === 200);
      if (res.status === 200) return;
      if (res.status >= 500) throw new Error(`match-info answered ${res.status}`);
      throw ApplicationFailure.nonRetryable(`match-info answered ${res.status}`, PAID_MATCH_FAILURE.matchInfoRefused);
    },

    /** `DELETE {match-info-url}`, a courtesy when a match aborts: its answer changes nothing, so it is only logged. */
    async withdrawMatchInfo(call: MatchInfoCall): Promise<{ status?: number; error?: string }> {
      try {
        const res = await callGame(deps, 'DELETE', call, (status) => status >= 200 && status < 300);
        return { status: res.status };
      } catch (err) {
        deps.log.warn({ matchId: call.matchId, err: String(err) }, 'match-info DELETE failed');
        return { error: err instanceof Error ? err.message : String(err) };
      }
    },

    async recordPaidMatch(view: PaidMatchView): Promise<void> {
      await recordPaidMatch(deps.db, view);
    },
  };
}

/** One call of the game's match-info URL, counted as a webhook delivery: `accepted` says which answers are done. */
async function callGame(deps: PaidMatchDeps, method: 'PUT' | 'DELETE', call: MatchInfoCall, accepted: (status: number) => boolean): Promise<Response> {
  if (!deps.signingKeys) throw ApplicationFailure.nonRetryable('PLATFORM_SIGNING_KEY is not set on this worker', PAID_MATCH_FAILURE.noSigningKey);
  const kind = method === 'PUT' ? 'matchInfo' : 'matchInfoWithdrawal';
  const bearer = await deps.signingKeys.signWebhookToken(call.issuer, call.clientId, call.matchId, call.idempotencyKey);
  let res: Response;
  try {
    res = await fetch(call.url, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'idempotency-key': call.idempotencyKey },
      body: JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.attemptTimeoutMs),
      // A redirect is an answer other than 200, not an address to follow.
      redirect: 'manual',
    });
  } catch (err) {
    countWebhookDelivery(kind, 'failed');
    throw err;
  }
  countWebhookDelivery(kind, webhookOutcome(res.status, accepted));
  await res.body?.cancel();
  deps.log.info({ matchId: call.matchId, method, status: res.status }, 'match-info called');
  return res;
}
