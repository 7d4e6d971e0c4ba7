import { Router } from 'express';
import { z } from 'zod';
import { listSessionWebhookDeliveries } from '../../core/matchmaking/session-webhooks';
import { findProject } from '../../db/projects';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';

/** The deliveries' filters, exported for the API reference (api/matchmaking/session-webhooks-openapi.ts). */
export const deliveriesQuery = z.object({
  sessionId: z.string().min(1).max(200).optional().meta({ description: 'One session\'s deliveries (its `session.started` and `session.ended`).' }),
  state: z.enum(['pending', 'delivered', 'failed']).optional().meta({ description: '`failed`: the ones no try delivered (refused, or the retry window spent).' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.uuid().optional().meta({ description: 'The `next` of the previous page: continues with older deliveries.' }),
});

/** `/admin/projects/{id}/session-webhooks/...` (admin token): what was sent to the project's session webhook, and how each try went. */
export function sessionWebhooksRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/projects/:projectId/session-webhooks/deliveries', async (req, res) => {
    const filter = parseOr400(deliveriesQuery, req.query, 'query');
    const projectId = req.params.projectId as string;
    if (!(await findProject(deps.db, projectId))) throw new ApiError('notFound', 'no such project');
    const deliveries = await listSessionWebhookDeliveries(deps.db, projectId, filter);
    res.json({ deliveries, next: deliveries.length === filter.limit ? deliveries.at(-1)!.id : null });
  });
  return r;
}
