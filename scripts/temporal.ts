import { spawn } from 'node:child_process';
import { createLogger } from '../core/log';
import { readLiveRuntime, resolveDataDir } from './data-dir';
import { locateTemporalCli } from './temporal-cli';

/**
 * `npm run temporal -- <command>`: the Temporal CLI `npm start` found (or built), pointed at the server the running
 * system uses, so an operator's query needs no path and no --address. It is pointed through the environment
 * variables the CLI reads (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE), so every command works as it does anywhere and
 * `--address`/`-n` still win; set in the shell, those variables point it elsewhere, and Matchflow's TEMPORAL_TLS_*
 * settings reach it too.
 */
async function main(): Promise<number> {
  const runtime = readLiveRuntime(resolveDataDir(process.env));
  const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? runtime?.temporalAddress ?? `127.0.0.1:${process.env.TEMPORAL_PORT ?? 7233}`;
  const TEMPORAL_NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? runtime?.temporalNamespace ?? 'default';
  const cli = await locateTemporalCli(createLogger(process.env.LOG_LEVEL ?? 'warn', 'matchflow-temporal', 2));
  const child = spawn(cli, process.argv.slice(2), { stdio: 'inherit', env: { ...cliTlsEnv(process.env), ...process.env, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/**
 * Matchflow's TLS files under the names the CLI reads (TEMPORAL_TLS, TEMPORAL_TLS_SERVER_NAME and TEMPORAL_API_KEY it
 * reads as they are); the CLI's own variables, when set, win.
 */
function cliTlsEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = { TEMPORAL_TLS_CA_FILE: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', TEMPORAL_TLS_CERT_FILE: 'TEMPORAL_TLS_CLIENT_CERT_PATH', TEMPORAL_TLS_KEY_FILE: 'TEMPORAL_TLS_CLIENT_KEY_PATH' };
  return Object.fromEntries(Object.entries(names).flatMap(([ours, cli]) => (env[ours] ? [[cli, env[ours]]] : [])));
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
