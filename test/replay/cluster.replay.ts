import { existsSync } from 'node:fs';
import { CLUSTER_HISTORIES_DIR } from './export-histories';
import { historiesIn, replay, takenOver } from './recorded';

/** The families the cluster run's tests (jest.cluster.config.js) start. */
const CLUSTER_FAMILIES = ['ticketWorkflow', 'matcherWorkflow', 'serverWorkflow', 'sessionWorkflow', 'hostWorkflow', 'paidMatchWorkflow', 'versusTokenWorkflow'];

describe('histories the Temporal cluster recorded replay against today\'s workflow code', () => {
  const recorded = historiesIn(CLUSTER_HISTORIES_DIR);
  // npm test runs the cluster tests before this; npm run test:replay alone may come without them.
  (existsSync(CLUSTER_HISTORIES_DIR) ? it : it.skip)('when the cluster run\'s histories are replayed, then every family replays, runs whose tasks both workers completed included', async () => {
    expect([...new Set(recorded.map((h) => h.family))]).toEqual(expect.arrayContaining(CLUSTER_FAMILIES));
    expect(recorded.filter((r) => takenOver(r.file)).length).toBeGreaterThan(0);
    expect(await replay(recorded)).toEqual([]);
  });
});
