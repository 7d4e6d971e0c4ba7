import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../../core/log';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { locateTemporalCli } from '../../scripts/temporal-cli';
import { ensureSearchAttributes } from '../../worker/search-attributes';

const log = createLogger('silent');
let bare: DevServer;
beforeAll(async () => {
  bare = await startDevServer({ cliPath: await locateTemporalCli(log), headless: true, searchAttributes: false, readyTimeoutMs: 180_000, log });
}, 200_000);
afterAll(() => bare.stop());

describe('search attributes on a Temporal that lacks them', () => {
  it('when a worker starts against it, then every attribute the Web UI queries use gets registered, once', async () => {
    const connection = await NativeConnection.connect({ address: bare.address });
    try {
      const names = async () => Object.keys((await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {});
      expect(await names()).not.toContain('TicketState');
      await ensureSearchAttributes(connection, 'default', log);
      await ensureSearchAttributes(connection, 'default', log);
      expect(await names()).toEqual(expect.arrayContaining(ALL_SEARCH_ATTRIBUTES.map((k) => k.name)));
    } finally {
      await connection.close();
    }
  });
});
