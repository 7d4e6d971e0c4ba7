import { z } from 'zod';
import { findPaidMatch } from '../../db/paid-matches/matches';
import { paidMatchViewQuery, paidMatchWorkflowId, PAID_MATCH_REFUSAL, type PaidMatchView } from '../../domain/paid-matches/contract';
import type { SigningKeys } from '../../domain/paid-matches/signing-keys';
import { isGone, queryIfExists, refusalOf } from '../../core/temporal';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

export function signingKeys(deps: ApiDeps): SigningKeys {
  if (!deps.signingKeys) throw new ApiError('unavailable', 'paid matches are off on this server: PLATFORM_SIGNING_KEY is not set');
  return deps.signingKeys;
}

/** Match ids are UUIDs (random, or derived from an Idempotency-Key); anything else names no match. */
const MATCH_ID = z.uuid();

/**
 * A match of this project, from the read model its workflow keeps (polling players and games never load
 * Temporal); a match created a moment ago and not yet recorded is asked directly.
 */
export async function readMatch(deps: ApiDeps, projectId: string, matchId: string): Promise<PaidMatchView> {
  if (!MATCH_ID.safeParse(matchId).success) throw new ApiError('notFound', `no paid match ${matchId.slice(0, 64)}`);
  const view = (await findPaidMatch(deps.db, matchId)) ?? (await queryMatch(deps, matchId));
  // Another project's match reads as no match at all.
  if (!view || view.projectId !== projectId) throw new ApiError('notFound', `no paid match ${matchId}`);
  return view;
}

function queryMatch(deps: ApiDeps, matchId: string): Promise<PaidMatchView | undefined> {
  return queryIfExists(deps.temporal.workflow.getHandle(paidMatchWorkflowId(matchId)), paidMatchViewQuery);
}

/**
 * Runs an update on a match; its validator's refusals become 4xx answers naming what was wrong. `ended`
 * answers instead when the workflow has already finished, `replayed` when it refused a result it already has.
 */
export async function updateMatch<T>(
  run: () => Promise<T>,
  ended: () => T | Promise<T> = () => { throw new ApiError('conflict', 'the match has ended'); },
  replayed?: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const refusal = refusalOf(err);
    if (refusal) {
      const { message, type } = refusal;
      if ((type === PAID_MATCH_REFUSAL.replay || type === PAID_MATCH_REFUSAL.unchanged) && replayed) return replayed();
      if (type === PAID_MATCH_REFUSAL.invalid) throw new ApiError('badRequest', message);
      if (type === PAID_MATCH_REFUSAL.tooManyChanges) throw new ApiError('tooManyRequests', message);
      throw new ApiError('conflict', message);
    }
    if (isGone(err)) return ended();
    throw err;
  }
}
