import { WithStartWorkflowOperation } from '@temporalio/client';
import type { Router } from 'express';
import { claimHostSlot, listHosts, releaseHostSlot } from '../../db/hosts';
import {
  HOST_REFUSAL, HOST_WORKFLOW, hostWorkflowId, pingHostUpdate, registerHostUpdate, unregisterHostSignal, unregisterHostUpdate, type HostInput,
} from '../../domain/hosts/contract';
import { listHostsQuerySchema, pingSchema, registerHostSchema, unregisterHostSchema } from '../../domain/hosts/requests';
import { hashPassword } from '../../domain/hosts/passwords';
import { HostState, ProjectId } from '../../domain/search-attributes';
import { keepPing } from '../../core/hosts';
import { updateOrSignal } from '../../core/temporal';
import type { hostWorkflow } from '../../workflows/host';
import type { ApiDeps } from '../deps';
import { parseOr400 } from '../errors';
import { padronePlayer, padroneProject, servingProject } from './auth';
import { endpointAddress, locate } from './geo';
import { refuse, refuseHostUpdate } from './refuse';
import { countLimitRefusal } from '../../core/metrics';

/** register-host, unregister-host, ping and list-hosts (COMPAT.md §2). */
export function hostRoutes(r: Router, deps: ApiDeps): void {
  r.post('/register-host', async (req, res) => {
    const body = parseOr400(registerHostSchema, req.body, 'body');
    const project = servingProject(res);
    const player = padronePlayer(res);
    const endpoint = body.peerInfo.external;
    const slot = await claimHostSlot(deps.db, project.id, player.playerId, endpoint, deps.config.HOSTS_PER_PLAYER);
    if (slot.full) {
      countLimitRefusal('hostsPerPlayer');
      return refuse(res, `you already run ${deps.config.HOSTS_PER_PLAYER} hosts; unregister one first`);
    }
    // A registration that does not go through gives back the slot it took.
    const giveBack = () => (slot.mine ? releaseHostSlot(deps.db, project.id, endpoint, player.playerId) : Promise.resolve());
    const input: HostInput = {
      projectId: project.id, endpoint, pingTimeoutSeconds: deps.config.HOST_PING_TIMEOUT_SECONDS, joinTimeoutSeconds: deps.config.HOST_JOIN_TIMEOUT_SECONDS,
    };
    const registration = {
      owner: player.playerId, ownerName: player.name, hostName: body.hostName, peerInfo: body.peerInfo, isPrivate: body.isPrivate, version: body.version,
      maxPlayers: body.maxPlayers, passwordHash: body.password ? await hashPassword(body.password) : undefined, location: await locate(endpointAddress(endpoint)),
    };
    try {
      // Update-with-start: the first registration creates the host, a later one replaces it, atomically.
      await deps.temporal.workflow.executeUpdateWithStart(registerHostUpdate, {
        args: [registration],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof hostWorkflow>(HOST_WORKFLOW, {
          workflowId: hostWorkflowId(project.id, endpoint), taskQueue: deps.taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING',
          typedSearchAttributes: [{ key: ProjectId, value: project.id }, { key: HostState, value: 'online' }],
        }),
      });
    } catch (err) {
      await giveBack();
      return refuseHostUpdate(res, err, HOST_REFUSAL.endpointTaken);
    }
    res.status(200).end();
  });

  // Answered once the host is off the list (within a few seconds); a host that has ended has nothing left to do.
  r.post('/unregister-host', async (req, res) => {
    const body = parseOr400(unregisterHostSchema, req.body, 'body');
    const handle = deps.temporal.workflow.getHandle(hostWorkflowId(padroneProject(res).id, body.externalEndpoint));
    await updateOrSignal(deps.temporal, handle, {
      update: unregisterHostUpdate, signal: unregisterHostSignal, args: [{ owner: padronePlayer(res).playerId }],
    });
    res.status(200).end();
  });

  r.post('/ping', async (req, res) => {
    const body = parseOr400(pingSchema, req.body, 'body');
    const ping = { projectId: padroneProject(res).id, endpoint: body.hostEndpoint, owner: padronePlayer(res).playerId, connectedClients: body.connectedClients };
    const timeouts = { pingSeconds: deps.config.HOST_PING_TIMEOUT_SECONDS, joinSeconds: deps.config.HOST_JOIN_TIMEOUT_SECONDS };
    if ((await keepPing(deps, ping, timeouts)) === 'kept') return res.status(200).end();
    try {
      await deps.temporal.workflow.getHandle(hostWorkflowId(ping.projectId, ping.endpoint))
        .executeUpdate(pingHostUpdate, { args: [{ owner: ping.owner, connectedClients: ping.connectedClients }] });
    } catch (err) {
      return refuseHostUpdate(res, err, HOST_REFUSAL.notYours);
    }
    res.status(200).end();
  });

  r.get('/list-hosts', async (req, res) => {
    const q = parseOr400(listHostsQuerySchema, req.query, 'query');
    const caller = await locate(req.ip);
    const rows = await listHosts(deps.db, { projectId: padroneProject(res).id, ...q, caller });
    res.json(rows);
  });
}
