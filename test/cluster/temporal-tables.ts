import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { splitHostPort } from '../../scripts/cluster/tcp-balancer';
import { databaseUrl } from '../../scripts/cluster/postgres';
import { temporalDatabasesOf } from '../../scripts/cluster/temporal-cluster';

/** Reads Temporal's own tables, in the history database beside Matchflow's `appDatabaseUrl`. */
export async function temporalQuery<T>(appDatabaseUrl: string, text: string): Promise<T[]> {
  const client = new PgClient({ connectionString: databaseUrl(appDatabaseUrl, temporalDatabasesOf(appDatabaseUrl).history) });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The history address that owns each shard, as the shard's row records it. */
export async function shardOwners(appDatabaseUrl: string): Promise<string[]> {
  const rows = await temporalQuery<{ data: string }>(appDatabaseUrl, "SELECT encode(data, 'escape') AS data FROM shards ORDER BY shard_id");
  return rows.map((r) => /(127\.0\.0\.1:\d+)-/.exec(r.data)?.[1] ?? 'none');
}

/** A node's history service listens one port above its frontend (config.yaml: 7234 and 7233 plus the offset). */
export function historyAddressOf(frontendAddress: string): string {
  const [host, port] = splitHostPort(frontendAddress);
  return `${host}:${port + 1}`;
}

/** The worker identities (pid@host) that completed workflow tasks of one workflow, each once. */
export async function taskWorkers(temporal: Client, workflowId: string): Promise<string[]> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return [...new Set((history.events ?? []).map((e) => e.workflowTaskCompletedEventAttributes?.identity).filter((i): i is string => !!i))];
}
