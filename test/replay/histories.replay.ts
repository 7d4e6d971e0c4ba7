import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDED_HISTORIES_DIR } from './export-histories';
import { continuedAsNew, FAMILIES, historiesIn, replay, takenOver } from './recorded';

/** Histories recorded by earlier releases (committed): today's code must still replay what they left running. */
const RELEASED_DIR = join(__dirname, 'histories');

describe('recorded histories replay against today\'s workflow code', () => {
  const released = readdirSync(RELEASED_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())
    .map((d) => ({ version: d.name, histories: historiesIn(join(RELEASED_DIR, d.name)) }));

  it.each(released.map((r) => [r.version, r.histories] as const))('when histories recorded by release %s are replayed, then every one replays without a nondeterminism', async (_version, histories) => {
    expect(histories.length).toBeGreaterThan(0);
    expect(await replay(histories)).toEqual([]);
  });

  const recorded = historiesIn(RECORDED_HISTORIES_DIR);
  (recorded.length ? it : it.skip)('when the histories this test run recorded are replayed, then every family replays, crashed and continued-as-new runs included', async () => {
    expect(new Set(recorded.map((h) => h.family))).toEqual(new Set(FAMILIES));
    expect(recorded.filter((r) => takenOver(r.file)).length).toBeGreaterThan(0);
    const continued = new Set(recorded.filter((r) => continuedAsNew(r.file)).map((r) => r.family));
    expect([...continued]).toEqual(expect.arrayContaining(['matcherWorkflow', 'hostWorkflow', 'serverWorkflow', 'paidMatchWorkflow']));
    expect(await replay(recorded)).toEqual([]);
  });
});
