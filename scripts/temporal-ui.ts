import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log';
import { goInstall, goVersion, toolCacheDir } from './go-install';

/** The Temporal Web UI that `npm run start:cluster` runs: docker-compose.yml's temporalio/ui tag (a test keeps them equal). */
export const UI_VERSION = '2.42.1';
const UI_MODULE = `github.com/temporalio/ui-server/v2/cmd/server@v${UI_VERSION}`;

/** Its configuration: deploy/temporal/ui/matchflow.yaml, rendered by the UI server from the environment. */
export const UI_CONFIG = { root: join(__dirname, '..', 'deploy', 'temporal'), dir: 'ui', env: 'matchflow' };

/**
 * Finds the Temporal Web UI server: TEMPORAL_UI_SERVER, then the cached build, then builds it with `go install`
 * (half a minute once the CLI's modules are cached; its pages are embedded in the module).
 */
export async function locateTemporalUi(log: Logger, override = process.env.TEMPORAL_UI_SERVER): Promise<string> {
  if (override) {
    if (!existsSync(override)) throw new Error(`TEMPORAL_UI_SERVER=${override} does not exist`);
    return override;
  }
  const dir = toolCacheDir(`temporal-ui-${UI_VERSION}`);
  const binary = join(dir, 'temporal-ui-server');
  if (existsSync(binary)) return binary;
  if (!goVersion()) throw new Error(`No Temporal Web UI ${UI_VERSION} in ${dir}, and no Go to build it (go install ${UI_MODULE})`);
  await goInstall({ what: `the Temporal Web UI ${UI_VERSION}`, modules: [UI_MODULE], dir, binaries: { server: 'temporal-ui-server' } }, log);
  return binary;
}
