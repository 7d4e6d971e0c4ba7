import { parseConfig } from '../domain/config';
import { createLogger } from '../core/log';
import { startApiServer } from './server';

/** Entry point of an API-only process (production: N replicas behind a load balancer). */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const log = createLogger(config.LOG_LEVEL, 'matchflow-api');
  const api = await startApiServer(config, log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void api.stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
