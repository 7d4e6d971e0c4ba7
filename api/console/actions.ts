import { Router } from 'express';
import { z } from 'zod';
import { cancelTicket, endHost, withdrawServerOffer } from '../../core/console/operator-actions';
import type { ApiDeps } from '../deps';
import { parseOr400 } from '../errors';
import { audited } from './audit';
import { requireArea } from './sign-in';

const id = z.string().min(1).max(300);

/** Operator actions on live play; the page asks for confirmation first, the audit log keeps who did it. */
export function consoleActions(deps: ApiDeps): Router {
  const r = Router();
  // Audited first: an attempt the role check refuses is recorded too.
  const guard = (action: string) => [audited(deps, () => action), requireArea('actions')];

  r.post('/projects/:projectId/tickets/:ticketId/cancel', ...guard('cancel ticket'), async (req, res) => {
    const { projectId, ticketId } = parseOr400(z.object({ projectId: id, ticketId: id }), req.params, 'path');
    await cancelTicket(deps, projectId, ticketId);
    res.status(202).json({ ticketId, cancelling: true });
  });

  r.post('/projects/:projectId/servers/:name/withdraw', ...guard('withdraw server offer'), async (req, res) => {
    const { projectId, name } = parseOr400(z.object({ projectId: id, name: id }), req.params, 'path');
    await withdrawServerOffer(deps, projectId, name);
    res.status(202).json({ name, withdrawing: true });
  });

  r.post('/projects/:projectId/hosts/:endpoint/end', ...guard('end host'), async (req, res) => {
    const { projectId, endpoint } = parseOr400(z.object({ projectId: id, endpoint: id }), req.params, 'path');
    await endHost(deps, projectId, endpoint);
    res.status(202).json({ endpoint, ending: true });
  });
  return r;
}
