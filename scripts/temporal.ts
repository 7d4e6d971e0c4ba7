import { spawn } from 'node:child_process';
import { createLogger } from '../core/log';
import { readLiveRuntime, resolveDataDir } from './data-dir';
import { locateTemporalCli } from './temporal-cli';

/**
 * `npm run temporal -- <command>`: the Temporal CLI `npm start` found (or built), pointed at the server the running
 * system uses, so an operator's query needs no path and no --address. TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, or
 * the flags themselves, point it elsewhere.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const runtime = readLiveRuntime(resolveDataDir(process.env));
  const address = process.env.TEMPORAL_ADDRESS ?? runtime?.temporalAddress ?? `127.0.0.1:${process.env.TEMPORAL_PORT ?? 7233}`;
  const namespace = process.env.TEMPORAL_NAMESPACE ?? runtime?.temporalNamespace ?? 'default';
  const given = (flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));
  const cli = await locateTemporalCli(createLogger(process.env.LOG_LEVEL ?? 'warn', 'matchflow-temporal', 2));
  const full = [...args, ...(args.length > 0 && !given('--address') ? ['--address', address] : []), ...(args.length > 0 && !given('--namespace') ? ['--namespace', namespace] : [])];
  const child = spawn(cli, full, { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
