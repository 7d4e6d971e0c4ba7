import { sql } from 'kysely';
import { hostWorkflowId } from '../../domain/hosts/contract';
import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { pauseWorker, startStack, type Stack } from '../helpers/stack';

/** Pings kept in the host's row and changes answered once the host list shows them (bench/README.md, bench:hosts). */
let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ env: { HOST_PING_TIMEOUT_SECONDS: '2', HOST_JOIN_TIMEOUT_SECONDS: '1' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const as = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
const app = (path: string) => `${stack.url}/projects/${project.id}/app${path}`;
let port = 11000;
async function register(owner: number, version: string, maxPlayers = 8): Promise<string> {
  const external = `10.2.0.1:${++port}`;
  const res = await call('POST', app('/register-host'), {
    headers: as(owner), body: { hostName: `h${port}`, peerInfo: { external, internal: '192.168.0.2:1' }, isPrivate: false, version, maxPlayers },
  });
  expect(res.status).toBe(200);
  return external;
}
const ping = (owner: number, hostEndpoint: string, connectedClients: string[] = []) => call('POST', app('/ping'), { headers: as(owner), body: { hostEndpoint, connectedClients } });
const list = (version: string) => call('GET', app(`/list-hosts?version=${version}&hideFull=false`), { headers: as(99) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const workflowTasks = async (endpoint: string) =>
  (await stack.temporal.workflow.getHandle(hostWorkflowId(project.id, endpoint)).fetchHistory()).events!.filter((e) => e.workflowTaskCompletedEventAttributes).length;

describe('Padrone pings and the host list', () => {
  it('when a host is pinged every 200 ms for three ping timeouts, then it stays listed and its workflow runs at most one task per timeout, not one per ping', async () => {
    const endpoint = await register(1, 'cheap-1');
    const before = await workflowTasks(endpoint);
    let pings = 0;
    const started = Date.now();
    while (Date.now() - started < 6_000) {
      expect((await ping(1, endpoint)).status).toBe(200);
      pings++;
      await sleep(200);
    }
    expect((await list('cheap-1')).body).toHaveLength(1);
    expect(pings).toBeGreaterThan(20);
    // The host wakes when its timeout comes (every 2 s), reads the row's last ping, and sleeps on.
    expect(await workflowTasks(endpoint) - before).toBeLessThanOrEqual(4);
  });

  it('when pings stop reaching the row, then the host leaves the list one ping timeout after the last one', async () => {
    const endpoint = await register(2, 'cheap-2');
    for (let i = 0; i < 5; i++) {
      await ping(2, endpoint);
      await sleep(500);
    }
    const lastPing = Date.now();
    expect((await eventually(() => list('cheap-2'), (r) => r.body.length === 0, 10_000)).body).toEqual([]);
    expect(Date.now() - lastPing).toBeGreaterThanOrEqual(1_500);
  });

  it('when a ping leaves out a player whose join is older than the join timeout, then the player is gone from the very next list', async () => {
    const endpoint = await register(3, 'cheap-3');
    const seat = (await call('POST', app('/join'), { headers: as(30), body: { hostEndpoint: endpoint } })).body;
    await sleep(1_100);
    expect((await ping(3, endpoint, [seat.sessionId])).status).toBe(200);
    expect((await list('cheap-3')).body[0].playerCount).toBe(2);
    expect((await ping(3, endpoint, [])).status).toBe(200);
    expect((await list('cheap-3')).body[0].playerCount).toBe(1);
  });

  it('when the worker is down for longer than the ping timeout while pings go on, then the host is still listed after it comes back, and ends once pings stop', async () => {
    const endpoint = await register(4, 'cheap-4');
    const resume = await pauseWorker(stack);
    const started = Date.now();
    while (Date.now() - started < 3_000) {
      expect((await ping(4, endpoint)).status).toBe(200);
      await sleep(300);
    }
    await resume();
    // The host goes on pinging as a real one would: restarting a worker on a loaded machine can take longer than
    // the 2 s timeout, and the question is whether the outage's overdue timers end a host whose row kept pings.
    expect((await ping(4, endpoint)).status).toBe(200);
    await sleep(1_000);
    expect((await list('cheap-4')).body).toHaveLength(1);
    expect((await eventually(() => list('cheap-4'), (r) => r.body.length === 0, 10_000)).body).toEqual([]);
  });

  it('when register, join, leave and unregister answer 200, then the caller\'s very next list-hosts shows each change', async () => {
    const endpoint = await register(5, 'ryow-1', 3);
    expect((await list('ryow-1')).body.map((h: { playerCount: number }) => h.playerCount)).toEqual([1]);
    expect((await call('POST', app('/join'), { headers: as(50), body: { hostEndpoint: endpoint } })).status).toBe(200);
    expect((await list('ryow-1')).body[0].playerCount).toBe(2);
    expect((await call('POST', app('/join'), { headers: as(51), body: { hostEndpoint: endpoint } })).status).toBe(200);
    expect((await list('ryow-1')).body[0].playerCount).toBe(3);
    expect((await call('POST', app('/leave'), { headers: as(50), body: {} })).status).toBe(200);
    expect((await list('ryow-1')).body[0].playerCount).toBe(2);
    expect((await call('POST', app('/unregister-host'), { headers: as(5), body: { externalEndpoint: endpoint } })).status).toBe(200);
    expect((await list('ryow-1')).body).toEqual([]);
  });

  it('when the host list row cannot be written for a while, then the join still answers, the host waits for its retry without a failed workflow task, and the row catches up once the database takes it', async () => {
    const endpoint = await register(6, 'flaky-1');
    await sql`CREATE TABLE IF NOT EXISTS test_refused_hosts (endpoint text PRIMARY KEY)`.execute(stack.db);
    await sql`CREATE OR REPLACE FUNCTION test_refuse_host_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_refused_hosts WHERE endpoint = NEW.endpoint) THEN
          RAISE EXCEPTION 'hosts row refused for the test' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$`.execute(stack.db);
    await sql`CREATE OR REPLACE TRIGGER test_refuse_host_rows BEFORE INSERT OR UPDATE ON hosts FOR EACH ROW EXECUTE FUNCTION test_refuse_host_rows()`.execute(stack.db);
    try {
      await sql`INSERT INTO test_refused_hosts VALUES (${endpoint})`.execute(stack.db);
      const joined = await call('POST', app('/join'), { headers: as(60), body: { hostEndpoint: endpoint } });
      expect(joined.status).toBe(200);
      expect((await list('flaky-1')).body[0].playerCount).toBe(1);
      await sql`DELETE FROM test_refused_hosts WHERE endpoint = ${endpoint}`.execute(stack.db);
      // The host goes on pinging with its player, as a live host does (this stack's ping timeout is 2 s).
      const pingedList = async () => {
        await ping(6, endpoint, [joined.body.sessionId]);
        return list('flaky-1');
      };
      expect((await eventually(pingedList, (r) => r.body[0]?.playerCount === 2, 20_000)).body[0]?.playerCount).toBe(2);
    } finally {
      await sql`DELETE FROM test_refused_hosts WHERE endpoint = ${endpoint}`.execute(stack.db);
    }
    const history = await stack.temporal.workflow.getHandle(hostWorkflowId(project.id, endpoint)).fetchHistory();
    expect(history.events!.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
  }, 60_000);
});
