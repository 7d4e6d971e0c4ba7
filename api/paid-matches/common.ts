import { PAID_MATCH_REFUSAL } from '../../domain/paid-matches/contract';
import type { SigningKeys } from '../../domain/paid-matches/signing-keys';
import { countLimitRefusal } from '../../core/metrics';
import { refusalOf, unanswered } from '../../core/temporal';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

export function signingKeys(deps: ApiDeps): SigningKeys {
  if (!deps.signingKeys) throw new ApiError('unavailable', 'paid matches are off on this server: PLATFORM_SIGNING_KEY is not set');
  return deps.signingKeys;
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
      if (type === PAID_MATCH_REFUSAL.tooManyChanges) {
        countLimitRefusal('paidMatchChanges');
        throw new ApiError('tooManyRequests', message);
      }
      throw new ApiError('conflict', message);
    }
    if (unanswered(err)) return ended();
    throw err;
  }
}
