import { join } from 'node:path';
import { UI_CONFIG } from '../temporal-ui';
import { processPart, type Part } from './parts';
import type { FrontendTls } from './temporal';

export interface WebUiSpec {
  /** The UI server binary (locateTemporalUi). */
  binary: string;
  /** Temporal's frontend, as the workers and APIs reach it. */
  temporalAddress: string;
  host: string;
  port: number;
  /** Mutual TLS on the frontends: the UI shows the client certificate, by the variables compose's UI image reads. */
  tls?: FrontendTls;
  logDir: string;
}

/** The Temporal Web UI over the cluster, ready once it answers its settings (its pages and API are up). */
export function webUiPart(spec: WebUiSpec): Part & { url: string } {
  const url = `http://${spec.host}:${spec.port}`;
  const part = processPart({
    name: 'temporal-ui', command: spec.binary, args: ['--root', UI_CONFIG.root, '--config', UI_CONFIG.dir, '--env', UI_CONFIG.env, 'start'],
    env: { ...process.env, TEMPORAL_ADDRESS: spec.temporalAddress, TEMPORAL_UI_IP: spec.host, TEMPORAL_UI_PORT: String(spec.port), ...(spec.tls ? uiTlsEnv(spec.tls) : {}) },
    logFile: join(spec.logDir, 'temporal-ui.log'),
    ready: async () => (await fetch(`${url}/api/v1/settings`, { signal: AbortSignal.timeout(2000) })).ok,
  });
  return Object.assign(part, { url });
}

/** The Web UI's environment for mutual TLS: the variables compose's temporalio/ui image reads, and ui/matchflow.yaml. */
export const uiTlsEnv = (tls: FrontendTls): Record<string, string> => ({
  TEMPORAL_TLS_CA: tls.caFile, TEMPORAL_TLS_CERT: tls.clientCertFile, TEMPORAL_TLS_KEY: tls.clientKeyFile, TEMPORAL_TLS_SERVER_NAME: tls.serverName,
  // The image leaves the frontend's certificate unchecked unless told to check it.
  TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
});
