import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Project } from '../../domain/projects';
import { retentionScheduleId } from '../../domain/retention';
import { eventually } from '../helpers/http';
import { admin } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ env: { TICKET_RETENTION_HOURS: '1', SESSION_RETENTION_DAYS: '1' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
const count = async (table: string, where: ReturnType<typeof sql>) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(stack.db)).rows[0]!.n);

describe('the retention job', () => {
  it('when its schedule runs, then rows past their age (server claims among them) are deleted, and live sessions, offers on the market, ratings and money stay', async () => {
    const [old, fresh] = [randomUUID(), randomUUID()];
    const db = stack.db;
    await db.insertInto('ticket_statuses').values([
      { ticket_id: old, project_id: project.id, status: JSON.stringify({ status: 'failed', reason: 'timedOut' }), answered_at: hoursAgo(2) },
      { ticket_id: fresh, project_id: project.id, status: JSON.stringify({ status: 'failed', reason: 'timedOut' }) },
    ]).execute();
    await db.insertInto('ticket_infos').values({ ticket_id: old, project_id: project.id, info: '{"a":1}', created_at: hoursAgo(2) }).execute();
    await db.insertInto('match_requests').values({ project_id: project.id, player_id: 'test:old', idempotency_key: old, request_fingerprint: 'f', ticket_id: old, match_token: 't', created_at: hoursAgo(2) }).execute();
    await db.insertInto('versus_seeds').values({ token_digest: old, project_id: project.id, secret_fingerprint: 'f', expires_at: hoursAgo(1) }).execute();
    const ticket = (id: string, requestedAt: Date) => ({ ticket_id: id, project_id: project.id, player_id: 'test:old', bucket_label: '1v1 - -', requested_at: requestedAt, deadline_at: requestedAt });
    await db.insertInto('tickets').values([ticket(old, hoursAgo(2)), ticket(fresh, new Date())]).execute();
    const session = (id: string, state: string, endedAt: Date | null) => ({
      id, project_id: project.id, server_name: null, server_info: null, match_tag: null, server_tag: null, teams: '[]', state, result_status: null, ranks: null, decided_by: null, ended_at: endedAt,
    });
    await db.insertInto('sessions').values([session(`${old}-ended`, 'settled', hoursAgo(49)), session(`${old}-live`, 'live', null), session(`${fresh}-ended`, 'settled', hoursAgo(1))]).execute();
    const server = (name: string, state: 'available' | 'consumed', updatedAt: Date) => ({
      project_id: project.id, name, server_tag: 't', state, expires_at: new Date(), registered_at: hoursAgo(50), session_id: null, updated_at: updatedAt,
    });
    await db.insertInto('servers').values([server(`${old}-spent`, 'consumed', hoursAgo(49)), server(`${old}-offered`, 'available', hoursAgo(49))]).execute();
    const claim = (id: string, claimedAt: Date) => ({ project_id: project.id, session_id: id, server_name: `${old}-spent`, claimed_at: claimedAt });
    await db.insertInto('server_claims').values([claim(old, hoursAgo(49)), claim(fresh, hoursAgo(1))]).execute();
    // Pending for 40 days: its delivery workflow was terminated. Pending for 3: maybe still in its window.
    const delivery = (id: string, updatedAt: Date) => ({ id, project_id: project.id, session_id: id, event: 'session.ended' as const, body: '{}', state: 'pending' as const, updated_at: updatedAt });
    await db.insertInto('webhook_deliveries').values([delivery(`${old}-abandoned`, hoursAgo(40 * 24)), delivery(`${old}-retrying`, hoursAgo(3 * 24))]).execute();
    await db.insertInto('ratings').values({ project_id: project.id, player_id: 'test:veteran', rating: 1600, deviation: 100, volatility: 0.06 }).execute();
    expect((await admin(stack, 'POST', `/projects/${project.id}/wallets/test:veteran/credit`, { amount: 500, reference: old })).status).toBe(201);
    await db.updateTable('ledger_transactions').set({ posted_at: hoursAgo(24 * 400) }).where('idempotency_key', 'like', `%${old}%`).execute();

    await stack.temporal.schedule.getHandle(retentionScheduleId(stack.config.TEMPORAL_TASK_QUEUE)).trigger();
    // The job deletes table by table; the spent server offer is the last of the rows checked here to go.
    await eventually(() => count('servers', sql`name = ${`${old}-spent`}`), (n) => n === 0, 30_000);
    expect(await count('ticket_statuses', sql`ticket_id = ${old}`)).toBe(0);
    expect(await count('ticket_statuses', sql`ticket_id = ${fresh}`)).toBe(1);
    expect(await count('ticket_infos', sql`ticket_id = ${old}`)).toBe(0);
    expect(await count('match_requests', sql`idempotency_key = ${old}`)).toBe(0);
    expect(await count('versus_seeds', sql`token_digest = ${old}`)).toBe(0);
    expect(await count('tickets', sql`ticket_id in (${old}, ${fresh})`)).toBe(1);
    expect((await db.selectFrom('webhook_deliveries').select('id').where('id', 'like', `${old}-%`).execute()).map((r) => r.id)).toEqual([`${old}-retrying`]);
    expect((await db.selectFrom('sessions').select('id').where('project_id', '=', project.id).orderBy('id').execute()).map((r) => r.id)).toEqual([`${old}-live`, `${fresh}-ended`].sort());
    expect((await db.selectFrom('servers').select('name').where('project_id', '=', project.id).execute()).map((r) => r.name)).toEqual([`${old}-offered`]);
    expect((await db.selectFrom('server_claims').select('session_id').where('project_id', '=', project.id).execute()).map((r) => r.session_id)).toEqual([fresh]);
    expect(await count('ratings', sql`player_id = 'test:veteran'`)).toBe(1);
    expect(await count('ledger_transactions', sql`project_id = ${project.id}`)).toBe(1);
  });

  it('when a worker starts, then the namespace keeps closed workflows for the configured hours, set explicitly', async () => {
    const described = await stack.temporal.workflowService.describeNamespace({ namespace: stack.config.TEMPORAL_NAMESPACE });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(stack.config.TEMPORAL_RETENTION_HOURS * 3600);
  });
});
