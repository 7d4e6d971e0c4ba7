import { Router } from 'express';
import { z } from 'zod';
import { listAudit } from '../../db/console/audit';
import { consoleHosts, hostPlayers, hostsByCountry, moneyByDay, recentSessions, serversOnOffer, sessionsByState } from '../../db/console/views';
import { findTicket, recentTickets, searchingByBucket, timeToMatch } from '../../db/matchmaking/tickets';
import { findSession } from '../../db/matchmaking/sessions';
import { playersOfSession } from '../../db/matchmaking/session-players';
import { sessionWorkflowId, ticketWorkflowId } from '../../domain/matchmaking/contract';
import { hostWorkflowId } from '../../domain/hosts/contract';
import type { ApiDeps } from '../deps';
import { ApiError, parseOr400 } from '../errors';
import { sendCsv } from '../listing';
import { LedgerCheckCache } from './ledger-check';
import { requireArea } from './sign-in';
import { workflowLink } from './links';

const id = z.string().min(1).max(300);
const day = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const projectParams = z.object({ projectId: id });
const DAY_MS = 86_400_000;

/** What the console's pages read, each behind the area its role must hold. */
export function consoleReads(deps: ApiDeps): Router {
  const r = Router();
  const link = (workflowId: string) => workflowLink(deps, workflowId);
  const ledgerChecks = new LedgerCheckCache();

  r.get('/projects/:projectId/live', requireArea('live'), async (req, res) => {
    const { projectId } = parseOr400(projectParams, req.params, 'path');
    const [buckets, matchTimes, sessionStates, sessions, servers, searching] = await Promise.all([
      searchingByBucket(deps.db, projectId), timeToMatch(deps.db, projectId, 60), sessionsByState(deps.db, projectId, new Date(Date.now() - 3600_000)),
      recentSessions(deps.db, projectId, 25), serversOnOffer(deps.db, projectId, 100), recentTickets(deps.db, { projectId, searchingOnly: true, limit: 100 }),
    ]);
    res.json({ buckets, matchTimes, sessionStates, sessions, servers, searching });
  });

  r.get('/projects/:projectId/tickets', requireArea('live'), async (req, res) => {
    const { projectId } = parseOr400(projectParams, req.params, 'path');
    const { player } = parseOr400(z.object({ player: id }), req.query, 'query');
    res.json({ tickets: await recentTickets(deps.db, { projectId, playerId: player, limit: 50 }) });
  });

  r.get('/projects/:projectId/tickets/:ticketId', requireArea('live'), async (req, res) => {
    const { projectId, ticketId } = parseOr400(projectParams.extend({ ticketId: id }), req.params, 'path');
    const ticket = await findTicket(deps.db, projectId, ticketId);
    if (!ticket) throw new ApiError('notFound', 'no such ticket in this project (or retention has pruned it)');
    res.json({ ticket, workflow: link(ticketWorkflowId(projectId, ticketId)) });
  });

  r.get('/projects/:projectId/sessions/:sessionId', requireArea('results'), async (req, res) => {
    const { projectId, sessionId } = parseOr400(projectParams.extend({ sessionId: id }), req.params, 'path');
    const [session, players] = await Promise.all([findSession(deps.db, projectId, sessionId), playersOfSession(deps.db, projectId, sessionId)]);
    if (!session && players.length === 0) throw new ApiError('notFound', 'no such session in this project');
    res.json({ session: session ?? null, players, workflow: link(sessionWorkflowId(projectId, sessionId)) });
  });

  r.get('/projects/:projectId/hosts', requireArea('hosts'), async (req, res) => {
    const { projectId } = parseOr400(projectParams, req.params, 'path');
    const q = parseOr400(z.object({
      search: z.string().max(100).optional(), country: z.string().max(100).optional(), version: z.string().max(100).optional(),
      hideFull: z.enum(['true', 'false']).optional(), limit: limit(1000, 200),
    }), req.query, 'query');
    const [hosts, countries] = await Promise.all([
      consoleHosts(deps.db, { projectId, ...q, search: q.search || undefined, hideFull: q.hideFull === 'true' }), hostsByCountry(deps.db, projectId),
    ]);
    res.json({ hosts: hosts.map((h) => ({ ...h, workflow: link(hostWorkflowId(projectId, h.endpoint)) })), countries });
  });

  r.get('/projects/:projectId/hosts/:endpoint/players', requireArea('hosts'), async (req, res) => {
    const { projectId, endpoint } = parseOr400(projectParams.extend({ endpoint: id }), req.params, 'path');
    res.json({ players: await hostPlayers(deps.db, projectId, endpoint) });
  });

  // Fees in, payouts, rake and refunds per day: the summary chart's data, and its CSV.
  r.get('/projects/:projectId/money/days', requireArea('money'), async (req, res) => {
    const { projectId } = parseOr400(projectParams, req.params, 'path');
    const q = parseOr400(z.object({ from: day.optional(), to: day.optional(), format: z.enum(['json', 'csv']).default('json') }), req.query, 'query');
    const to = q.to ? new Date(Date.parse(q.to) + DAY_MS) : new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS);
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw new ApiError('badRequest', 'query.from: must be on or before query.to');
    const days = await moneyByDay(deps.db, projectId, from, to);
    if (q.format === 'csv') return sendCsv(res, 'money-by-day.csv', days, ['day', 'kind', 'amount', 'count']);
    res.json({ from: from.toISOString(), to: to.toISOString(), days });
  });

  // The whole ledger's invariants (every project's postings): read apart from the page's figures, and at most once a minute.
  r.get('/ledger-check', requireArea('money'), async (_req, res) => void res.json(await ledgerChecks.read(deps.db)));

  r.get('/audit', requireArea('audit'), async (req, res) => {
    const q = parseOr400(z.object({ user: z.string().max(64).optional(), before: z.coerce.number().int().min(1).optional(), limit: limit(500, 100) }), req.query, 'query');
    res.json({ entries: await listAudit(deps.db, { username: q.user || undefined, before: q.before, limit: q.limit }) });
  });
  return r;
}
