import { createLogger } from '../../core/log';
import { startDevServer, type DevServer, type DevServerOptions } from '../../scripts/dev-server';
import { locateTemporalCli } from '../../scripts/temporal-cli';
import { exportHistories, RECORDED_HISTORIES_DIR } from '../replay/export-histories';

/**
 * A dev server of the test file's own (lowered limits, one to stop), beside the run's shared one; as patient at
 * start-up as the shared one on a loaded machine.
 */
export async function ownDevServer(opts: Partial<Pick<DevServerOptions, 'dynamicConfig' | 'port'>> = {}): Promise<DevServer> {
  const log = createLogger('silent');
  return startDevServer({ cliPath: await locateTemporalCli(log), headless: true, readyTimeoutMs: 180_000, log, ...opts });
}

/** Stops it, keeping its histories for the replay step that follows the run (its continued-as-new runs among them). */
export async function stopRecording(devServer: DevServer): Promise<void> {
  await exportHistories(devServer.address, RECORDED_HISTORIES_DIR);
  await devServer.stop();
}
