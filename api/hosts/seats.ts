import type { Router } from 'express';
import { queryIfExists, updateOrSignal } from '../../core/temporal';
import { dropSeat, hostPasswordHash, takeSeat } from '../../db/hosts';
import { HOST_REFUSAL, hostWorkflowId, joinHostUpdate, leaveSeatSignal, leaveSeatUpdate, playerInfoQuery } from '../../domain/hosts/contract';
import { joinSchema, playerInfoQuerySchema, reportLeaveSchema } from '../../domain/hosts/requests';
import { verifyPassword } from '../../domain/hosts/passwords';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { padronePlayer, padroneProject, servingProject } from './auth';
import { refuse, refuseHostUpdate } from './refuse';

/** join, leave, report-leave and player-info (COMPAT.md §2). */
export function seatRoutes(r: Router, deps: ApiDeps): void {
  // Answered once the host list shows the seat gone (within a few seconds); a host that has ended has no seats left.
  const giveUpSeat = (projectId: string, hostEndpoint: string, sessionId: string, owner?: string) =>
    updateOrSignal(deps.temporal, deps.temporal.workflow.getHandle(hostWorkflowId(projectId, hostEndpoint)), {
      update: leaveSeatUpdate, signal: leaveSeatSignal, args: [{ sessionId, owner }],
    });

  r.post('/join', async (req, res) => {
    const body = parseOr400(joinSchema, req.body, 'body');
    const project = servingProject(res);
    const player = padronePlayer(res);
    // The password is checked here, where a slow hash may run; the hash checked travels with the join.
    const hash = await hostPasswordHash(deps.db, project.id, body.hostEndpoint);
    if (hash === undefined) return refuse(res, 'unknown host');
    if (hash) {
      // A host's password is a login too: guesses from one address are limited like any other.
      const rightPassword = await deps.limits.attempt(req, 'host-password', `${project.id}:${body.hostEndpoint}`);
      if (!(body.password && (await verifyPassword(body.password, hash)))) return refuse(res, 'wrong password');
      await rightPassword();
    }
    let seat;
    try {
      seat = await deps.temporal.workflow.getHandle(hostWorkflowId(project.id, body.hostEndpoint)).executeUpdate(joinHostUpdate, {
        args: [{ playerId: player.playerId, playerInfo: { name: player.name, avatarUrl: player.avatarUrl }, verifiedHash: hash ?? undefined }],
      });
    } catch (err) {
      return refuseHostUpdate(res, err, HOST_REFUSAL.unknownHost);
    }
    // One seat per player: the one this join replaces is given up, wherever it was.
    const previous = await takeSeat(deps.db, project.id, player.playerId, body.hostEndpoint, seat.sessionId);
    if (previous && previous.hostEndpoint !== body.hostEndpoint) await giveUpSeat(project.id, previous.hostEndpoint, previous.sessionId);
    res.json(seat);
  });

  r.post('/leave', async (_req, res) => {
    const project = padroneProject(res);
    const previous = await dropSeat(deps.db, project.id, padronePlayer(res).playerId);
    if (previous) await giveUpSeat(project.id, previous.hostEndpoint, previous.sessionId);
    res.status(200).end();
  });

  r.post('/report-leave', async (req, res) => {
    const body = parseOr400(reportLeaveSchema, req.body, 'body');
    await giveUpSeat(padroneProject(res).id, body.hostEndpoint, body.sessionId, padronePlayer(res).playerId);
    res.status(200).end();
  });

  r.get('/player-info', async (req, res) => {
    const q = parseOr400(playerInfoQuerySchema, req.query, 'query');
    const info = await queryIfExists(deps.temporal.workflow.getHandle(hostWorkflowId(padroneProject(res).id, q.hostEndpoint)), playerInfoQuery,
      { owner: padronePlayer(res).playerId, sessionId: q.sessionId });
    if (!info) throw new ApiError('notFound', 'no such player session on a host of yours');
    res.json(info);
  });
}
