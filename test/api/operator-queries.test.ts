import { eventually } from '../helpers/http';
import { loginTestPlayer, requestMatch } from '../helpers/players';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

/** Workflow ids the query finds, as the Web UI's search box and `temporal workflow list --query` would. */
async function found(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of stack.temporal.workflow.list({ query })) ids.push(w.workflowId);
  return ids.sort();
}

describe('operators\' queries by queue bucket (the README\'s Operators table)', () => {
  it('when tickets ask with a tag, a tag with quotes and spaces, or none, then each bucket\'s documented query finds its ticket and its matcher', async () => {
    const project = await stack.createProject();
    const asks = [
      { player: 'tagged', body: { teamSizes: [1, 1], matchTag: 'eu' }, bucket: '1v1 eu -' },
      { player: 'quoted', body: { teamSizes: [2, 2], matchTag: `it's "ranked" 50%`, serverTag: 'fra-1' }, bucket: '2v2 it%27s%20%22ranked%22%2050%25 fra%2D1' },
      { player: 'plain', body: { teamSizes: [1, 1], matchTag: null }, bucket: '1v1 - -' },
    ];
    for (const a of asks) await requestMatch(stack.url, await loginTestPlayer(stack.url, project, a.player), { ...a.body, maxMatchTime: 30 });
    for (const a of asks) {
      const query = `ProjectId = '${project.id}' AND QueueBucket = '${a.bucket}'`;
      const ids = await eventually(() => found(query), (x) => x.length === 2);
      expect(ids.map((id) => id.split('/')[0])).toEqual(['matcher', 'ticket']);
      const tickets = await found(`${query} AND WorkflowType = 'ticketWorkflow' AND PlayerId = 'test:${a.player}'`);
      expect(tickets).toHaveLength(1);
    }
  });
});
