import { randomUUID } from 'node:crypto';
import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { loginTestPlayer, matchStatus } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack();
  project = await stack.createProject();
});
afterAll(() => stack.stop());

/** Each player asks in a bucket of its own (the same one on every retry), so no test's ticket is matched with another's. */
const ask = (token: string, key: string | undefined, body: Record<string, unknown> = {}) => call('POST', `${stack.url}/v1a/client/match`, {
  token, headers: key === undefined ? {} : { 'idempotency-key': key }, body: { teamSizes: [1, 1], maxMatchTime: 30, matchTag: `keyed-${token.slice(-16)}`, ...body },
});
/** Ticket workflows Temporal holds for one player: what a retry must not add to. */
const ticketsOf = async (playerId: string) => (await stack.temporal.workflow.count(`WorkflowType = 'ticketWorkflow' AND PlayerId = '${playerId}'`)).count;

describe('POST /v1a/client/match with an Idempotency-Key', () => {
  it('when a request is retried with the same key, then it answers the same match token and starts no second ticket', async () => {
    const id = randomUUID();
    const token = await loginTestPlayer(stack.url, project, id);
    const key = randomUUID();
    const first = await ask(token, key);
    const retried = await ask(token, key);
    expect(first.status).toBe(200);
    expect(retried.body.matchToken).toBe(first.body.matchToken);
    expect(await matchStatus(stack.url, token, first.body.matchToken)).toEqual({ status: 'inProgress' });
    await eventually(() => ticketsOf(`test:${id}`), (n) => n === 1);
    expect(await ticketsOf(`test:${id}`)).toBe(1);
  });

  it('when five retries with one key race, then all answer one token and one ticket searches', async () => {
    const id = randomUUID();
    const token = await loginTestPlayer(stack.url, project, id);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask(token, key)));
    expect(new Set(answers.map((a) => a.body.matchToken)).size).toBe(1);
    expect(await matchStatus(stack.url, token, answers[0]!.body.matchToken)).toEqual({ status: 'inProgress' });
    await eventually(() => ticketsOf(`test:${id}`), (n) => n === 1);
    expect(await ticketsOf(`test:${id}`)).toBe(1);
  });

  it('when the key is reused for a different request, then 409 and nothing starts', async () => {
    const id = randomUUID();
    const token = await loginTestPlayer(stack.url, project, id);
    const key = randomUUID();
    await ask(token, key);
    const other = await ask(token, key, { maxMatchTime: 31 });
    expect(other.status).toBe(409);
    expect(other.body.error).toContain('Idempotency-Key');
    await eventually(() => ticketsOf(`test:${id}`), (n) => n === 1);
    expect(await ticketsOf(`test:${id}`)).toBe(1);
  });

  it('when two players send the same key, then each gets a ticket of their own', async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([loginTestPlayer(stack.url, project, randomUUID()), loginTestPlayer(stack.url, project, randomUUID())]);
    const [ta, tb] = [(await ask(a, key, { matchTag: key })).body.matchToken, (await ask(b, key, { matchTag: key })).body.matchToken];
    expect(ta).not.toBe(tb);
    const [sa, sb] = await Promise.all([eventually(() => matchStatus(stack.url, a, ta), (s) => s.status === 'matched'), eventually(() => matchStatus(stack.url, b, tb), (s) => s.status === 'matched')]);
    expect(sa.session.externalSessionId).toBe(sb.session.externalSessionId);
  });

  it('when the key is empty, too long or not printable ASCII, then 400 names the header', async () => {
    const token = await loginTestPlayer(stack.url, project, randomUUID());
    for (const key of ['', 'x'.repeat(129), 'é-key', 'a b']) {
      const res = await ask(token, key);
      expect([res.status, res.body.error]).toEqual([400, expect.stringContaining('Idempotency-Key')]);
    }
  });
});
