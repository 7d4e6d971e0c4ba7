import { Router, type RequestHandler, type Response } from 'express';
import { findProject } from '../../db/projects';
import { finishSchema, tokenInfoSchema, type FinishBody } from '../../domain/paid-matches/requests';
import { paidMatchWorkflowId, submitResultUpdate, type PaidMatchView, type SubmitResult } from '../../domain/paid-matches/contract';
import { judgeSubmission, submissionsLeft, type Roster } from '../../domain/paid-matches/results';
import type { Project } from '../../domain/projects';
import type { ApiDeps } from '../deps';
import { bearerToken } from '../auth/bearer';
import { ApiError, parseOr400 } from '../errors';
import { signingKeys, updateMatch } from './common';
import { readMatch } from '../../core/paid-matches/matches';

/** What the game's backend calls (COMPAT.md §3), with the access token from the realm's token endpoint. */
export function gameRouter(deps: ApiDeps): Router {
  const r = Router();
  const game = requireGame(deps);

  r.post('/game/v1/token-info', game, async (req, res) => {
    const { token } = parseOr400(tokenInfoSchema, req.body, 'body');
    const claims = await deps.sealer.openPaidMatch(token);
    if (!claims || claims.projectId !== gameOf(res).id) throw new ApiError('notFound', 'unknown or expired match token');
    const view = await readMatch(deps, claims.projectId, claims.matchId);
    res.json({
      match_id: view.matchId, user_id: claims.playerId, match_status: view.state,
      submissions_total: view.submissionsTotal, submissions_left: view.submissionsLeft,
    });
  });

  // The seed spells it /api/games/v1/finish; the partner docs /api/game/v1/finish. Both are served.
  r.post(['/game/v1/finish', '/games/v1/finish'], game, async (req, res) => {
    const body = parseOr400(finishSchema, req.body, 'body');
    const view = await readMatch(deps, gameOf(res).id, body.match_id);
    const submission = { participants: body.participants, teams: body.teams };
    const answer = await updateMatch(
      () => deps.temporal.workflow.getHandle(paidMatchWorkflowId(view.matchId)).executeUpdate(submitResultUpdate, { args: [submission] }),
      // The match has ended (perhaps since our read): judge against its final result instead.
      async () => replayOnEnded(await readMatch(deps, view.projectId, view.matchId), body),
      // A result already accepted, sent again: answered from the read model, never recorded twice.
      async () => submissionCounts(await readMatch(deps, view.projectId, view.matchId)),
    );
    res.json({ match_id: view.matchId, match_status: answer.matchStatus, submissions_total: answer.submissionsTotal, submissions_left: answer.submissionsLeft });
  });
  return r;
}

/**
 * A finish for a match that has ended: the very result it settled by is a replay (200), anything else is a
 * conflict. Judged on the final view, by the same rule the workflow applies.
 */
function replayOnEnded(view: PaidMatchView, body: FinishBody): SubmitResult {
  const roster: Roster = { teams: view.teams.map((t) => ({ id: t.id, members: t.members.map((m) => m.playerId) })) };
  const verdict = judgeSubmission(view.result, { participants: body.participants, teams: body.teams }, roster);
  if (verdict.kind === 'invalid') throw new ApiError('badRequest', verdict.message);
  if (verdict.kind !== 'replay') throw new ApiError('conflict', `the match has ended (${view.state}); ${verdict.kind === 'conflict' ? verdict.message : 'no new result is accepted'}`);
  return { matchStatus: view.state, submissionsTotal: view.submissionsTotal, submissionsLeft: submissionsLeft(view.result, roster) };
}

function submissionCounts(view: PaidMatchView): SubmitResult {
  return { matchStatus: view.state, submissionsTotal: view.submissionsTotal, submissionsLeft: view.submissionsLeft };
}

/** `Authorization: Bearer <access token>`: the token names the game; the game must still exist. */
function requireGame(deps: ApiDeps): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new ApiError('notAuthenticated', 'Authorization: Bearer <access token> required (from the realm token endpoint)'));
    // A signed token cannot be guessed, and an expired one is the game's cue to log in again: no login limit here.
    const claims = await signingKeys(deps).verifyAccessToken(token);
    const project = claims && (await findProject(deps.db, claims.clientId));
    if (!project?.platform) return next(new ApiError('notAuthenticated', 'invalid or expired access token'));
    res.locals.game = project;
    next();
  };
}

function gameOf(res: Response): Project {
  return res.locals.game as Project;
}
