import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Request } from 'express';
import { findPaidMatch } from '../../db/paid-matches/matches';
import type { z } from 'zod';
import {
  joinTeamUpdate, PAID_MATCH_WORKFLOW, paidMatchWorkflowId, type PaidMatchView, type PaidMatchInput,
} from '../../domain/paid-matches/contract';
import { realmUrl } from '../../domain/paid-matches/realm';
import type { createPaidMatchSchema } from '../../domain/paid-matches/requests';
import type { Project } from '../../domain/projects';
import { PaidMatchState, ProjectId } from '../../domain/search-attributes';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { idempotencyKey, keyedUuid } from '../idempotency';
import { readMatch } from '../../core/paid-matches/matches';
import { updateMatch } from './common';

type CreateBody = z.infer<typeof createPaidMatchSchema>;

/**
 * Creates a match with its creator seated, in one step (update-with-start): a match never sits empty. With an
 * `Idempotency-Key` header the match id is derived from (project, player, key), so a retried request finds the
 * match it made, whatever became of it, instead of making another.
 */
export async function createMatch(deps: ApiDeps, req: Request, project: Project, playerId: string, body: CreateBody): Promise<{ view: PaidMatchView; created: boolean }> {
  const key = idempotencyKey(req);
  const input = matchInput(deps, project, playerId, body, key ? keyedUuid(project.id, playerId, key) : randomUUID(), realmUrl(deps.publicUrl, deps.config.PLATFORM_REALM));
  const start = new WithStartWorkflowOperation(PAID_MATCH_WORKFLOW, {
    workflowId: paidMatchWorkflowId(input.matchId), taskQueue: deps.taskQueue, args: [input],
    // A keyed retry joins the running match (its creator's seat is already theirs); an ended one is never restarted.
    workflowIdConflictPolicy: key ? 'USE_EXISTING' : 'FAIL', workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [{ key: ProjectId, value: project.id }, { key: PaidMatchState, value: 'lobby' }],
  });
  try {
    const view = await updateMatch(() => deps.temporal.workflow.executeUpdateWithStart(joinTeamUpdate, { args: [{ playerId, teamId: body.teamId }], startWorkflowOperation: start }));
    const created = view.createdAt === input.createdAt;
    return { view: created ? view : sameRequest(view, body), created };
  } catch (err) {
    if (!key || (err instanceof ApiError && err.code === 'badRequest')) throw err;
    // The keyed match exists but its lobby has closed (or it has ended): answer it as it is now.
    return { view: sameRequest(await readMatch(deps, project.id, input.matchId), body), created: false };
  }
}

/** The match an earlier request with this Idempotency-Key made, if the read model has it already. */
export async function earlierMatch(deps: ApiDeps, req: Request, projectId: string, playerId: string, body: CreateBody): Promise<PaidMatchView | undefined> {
  const key = idempotencyKey(req);
  const view = key ? await findPaidMatch(deps.db, keyedUuid(projectId, playerId, key)) : undefined;
  return view && sameRequest(view, body);
}

function sameRequest(view: PaidMatchView, body: CreateBody): PaidMatchView {
  if (view.entryFee !== body.entryFee || view.teams.length !== body.teams || view.teamSize !== body.teamSize) {
    throw new ApiError('conflict', 'this Idempotency-Key already made a different match');
  }
  return view;
}

function matchInput(deps: ApiDeps, project: Project, playerId: string, body: CreateBody, matchId: string, issuer: string): PaidMatchInput {
  const p = project.platform!;
  return {
    matchId, projectId: project.id, entryFee: body.entryFee, currency: p.currency, teamCount: body.teams, teamSize: body.teamSize,
    createdBy: playerId, rules: { rakeBps: p.rakeBps, payoutTableBps: p.payoutTableBps }, matchInfoUrl: p.matchInfoUrl!, issuer,
    lobbyTimeoutSeconds: deps.config.PLATFORM_LOBBY_TIMEOUT_SECONDS, resultDeadlineSeconds: p.resultDeadlineSeconds, noResultPolicy: p.noResultPolicy,
    webhook: { attemptTimeoutMs: deps.config.PLATFORM_WEBHOOK_ATTEMPT_TIMEOUT_MS, windowSeconds: deps.config.PLATFORM_WEBHOOK_WINDOW_SECONDS },
    createdAt: new Date().toISOString(),
  };
}
