import { z } from 'zod';
import { findPaidMatch } from '../../db/paid-matches/matches';
import { paidMatchViewQuery, paidMatchWorkflowId, type PaidMatchView } from '../../domain/paid-matches/contract';
import type { CoreDeps } from '../deps';
import { Refused } from '../errors';
import { queryIfExists } from '../temporal';

/** Match ids are UUIDs (random, or derived from an Idempotency-Key); anything else names no match. */
const MATCH_ID = z.uuid();

/**
 * A match of this project, from the read model its workflow keeps (polling players and games never load
 * Temporal); a match created a moment ago and not yet recorded is asked directly.
 */
export async function readMatch(deps: CoreDeps, projectId: string, matchId: string): Promise<PaidMatchView> {
  if (!MATCH_ID.safeParse(matchId).success) throw new Refused('notFound', `no paid match ${matchId.slice(0, 64)}`);
  const view = (await findPaidMatch(deps.db, matchId)) ?? (await queryIfExists(deps.temporal.workflow.getHandle(paidMatchWorkflowId(matchId)), paidMatchViewQuery));
  // Another project's match reads as no match at all.
  if (!view || view.projectId !== projectId) throw new Refused('notFound', `no paid match ${matchId}`);
  return view;
}
