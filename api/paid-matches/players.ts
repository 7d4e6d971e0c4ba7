import { Router } from 'express';
import { z } from 'zod';
import { balanceOf, listTransactions } from '../../db/paid-matches/ledger';
import { listPaidMatches } from '../../db/paid-matches/matches';
import { playerHistory } from '../../core/paid-matches/history';
import { findProject } from '../../db/projects';
import { assertServing } from '../../core/projects';
import { accounts } from '../../domain/paid-matches/ledger';
import { confirmEntryUpdate, joinTeamUpdate, leaveMatchUpdate, paidMatchWorkflowId, type PaidMatchView } from '../../domain/paid-matches/contract';
import { createPaidMatchSchema, joinTeamSchema } from '../../domain/paid-matches/requests';
import { DEFAULT_PAID_MATCH_SETTINGS } from '../../domain/paid-matches/settings';
import type { Project } from '../../domain/projects';
import { clientOf, requireClient } from '../auth/client-token';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { signingKeys, updateMatch } from './common';
import { readMatch } from '../../core/paid-matches/matches';
import { createMatch, earlierMatch } from './create-match';

/** Query of the paged lists (wallet transactions); exported for the API reference. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.coerce.number().int().min(0).optional().meta({ description: 'Only transactions posted after this `seq` (the `next` of the previous page).' }),
});
export const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** `/platform/v1`: players' wallets, paid matches and histories (our design), with a client token from /v1a/client/auth. */
export function playersRouter(deps: ApiDeps): Router {
  const r = Router();
  r.use(requireClient(deps.sealer));
  const handle = (matchId: string) => deps.temporal.workflow.getHandle(paidMatchWorkflowId(matchId));
  // A join or confirm that changes nothing is answered with the match as it is, without reaching its history.
  const asItIs = (match: PaidMatchView) => () => readMatch(deps, match.projectId, match.matchId);

  r.get('/wallet', async (_req, res) => {
    const { projectId, playerId } = clientOf(res);
    const project = await findProject(deps.db, projectId);
    res.json({ playerId, balance: await balanceOf(deps.db, accounts.wallet(projectId, playerId)), currency: project?.platform?.currency ?? DEFAULT_PAID_MATCH_SETTINGS.currency });
  });

  r.get('/wallet/transactions', async (req, res) => {
    const q = parseOr400(pageQuery, req.query, 'query');
    const { projectId, playerId } = clientOf(res);
    const transactions = await listTransactions(deps.db, { projectId, playerId, limit: q.limit, after: q.after });
    res.json({ transactions, next: transactions.length === q.limit ? transactions.at(-1)!.seq : undefined });
  });

  r.get('/matches', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    res.json({ matches: await listPaidMatches(deps.db, { projectId: clientOf(res).projectId, state: 'lobby', limit: q.limit }) });
  });

  r.post('/matches', async (req, res) => {
    const body = parseOr400(createPaidMatchSchema, req.body ?? {}, 'body');
    const { projectId, playerId } = clientOf(res);
    const project = await paidGame(deps, projectId);
    // A retried create answers the match it made, even after its fee left the wallet.
    const earlier = await earlierMatch(deps, req, projectId, playerId, body);
    if (earlier) return void res.json(earlier);
    assertServing(project, 'new paid matches');
    await assertCanPay(deps, projectId, playerId, body.entryFee);
    const { view, created } = await createMatch(deps, req, project, playerId, body);
    if (created) req.log.info({ matchId: view.matchId, projectId, entryFee: view.entryFee }, 'paid match created');
    res.status(created ? 201 : 200).json(view);
  });

  r.get('/matches/:matchId', async (req, res) => {
    res.json(await readMatch(deps, clientOf(res).projectId, req.params.matchId as string));
  });

  r.post('/matches/:matchId/join', async (req, res) => {
    const { teamId } = parseOr400(joinTeamSchema, req.body ?? {}, 'body');
    const { projectId, playerId } = clientOf(res);
    const match = await readMatch(deps, projectId, req.params.matchId as string);
    await assertCanPay(deps, projectId, playerId, match.entryFee);
    res.json(await updateMatch(() => handle(match.matchId).executeUpdate(joinTeamUpdate, { args: [{ playerId, teamId }] }), undefined, asItIs(match)));
  });

  r.post('/matches/:matchId/leave', async (req, res) => {
    const { projectId, playerId } = clientOf(res);
    const match = await readMatch(deps, projectId, req.params.matchId as string);
    res.json(await updateMatch(() => handle(match.matchId).executeUpdate(leaveMatchUpdate, { args: [{ playerId }] }), undefined, asItIs(match)));
  });

  r.post('/matches/:matchId/confirm', async (req, res) => {
    const { projectId, playerId } = clientOf(res);
    const match = await readMatch(deps, projectId, req.params.matchId as string);
    await assertCanPay(deps, projectId, playerId, match.entryFee);
    res.json(await updateMatch(() => handle(match.matchId).executeUpdate(confirmEntryUpdate, { args: [{ playerId }] }), undefined, asItIs(match)));
  });

  // The launch URL carries the match token the game checks with token-info; only for a live match's players.
  r.get('/matches/:matchId/launch', async (req, res) => {
    const { projectId, playerId } = clientOf(res);
    const match = await readMatch(deps, projectId, req.params.matchId as string);
    if (!isPlayerOf(match, playerId)) throw new ApiError('forbidden', 'you are not a player of this match');
    if (match.state !== 'live') throw new ApiError('conflict', `the match is not live (${match.state})`);
    // A live match plays to its end, the project retired or not.
    const project = await paidGame(deps, projectId);
    if (!project.platform!.gameUrl) throw new ApiError('conflict', 'this game has no launch URL configured (platform.gameUrl)');
    const token = await deps.sealer.sealPaidMatch({ projectId, playerId, matchId: match.matchId }, project.platform!.resultDeadlineSeconds + 3600);
    const url = new URL(project.platform!.gameUrl);
    url.searchParams.set('token', token);
    res.json({ url: url.toString(), token });
  });

  r.get('/history', async (req, res) => {
    const q = parseOr400(listQuery, req.query, 'query');
    const { projectId, playerId } = clientOf(res);
    res.json({ matches: await playerHistory(deps, projectId, playerId, q.limit) });
  });
  return r;
}

/** The player's game, which must take paid matches: a signing key here, a match-info URL there. */
async function paidGame(deps: ApiDeps, projectId: string): Promise<Project> {
  signingKeys(deps);
  const project = await findProject(deps.db, projectId);
  if (!project?.platform?.matchInfoUrl) throw new ApiError('conflict', 'this game does not take paid matches (no platform.matchInfoUrl configured)');
  return project;
}

/** A friendly early refusal; the binding check is the ledger's when the fee moves to escrow. */
async function assertCanPay(deps: ApiDeps, projectId: string, playerId: string, entryFee: number): Promise<void> {
  const balance = await balanceOf(deps.db, accounts.wallet(projectId, playerId));
  if (balance < entryFee) throw new ApiError('conflict', `insufficient funds: wallet balance ${balance}, entry fee ${entryFee}`);
}

function isPlayerOf(match: PaidMatchView, playerId: string): boolean {
  return match.teams.some((t) => t.members.some((m) => m.playerId === playerId));
}
