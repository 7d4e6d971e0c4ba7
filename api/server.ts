import { hkdfSync } from 'node:crypto';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { createDb, type DbHandle } from '../db/create-db';
import type { Config } from '../domain/config';
import type { Logger } from '../domain/log';
import { PlatformKeys } from '../domain/platform-keys';
import { TokenSealer } from '../domain/tokens';
import { createApp } from './app';
import { LoginLimits } from './login-limits';

export interface ApiServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Opens the database and Temporal, then serves the HTTP API; stop() closes all three. */
export async function startApiServer(config: Config, log: Logger, db?: DbHandle): Promise<ApiServer> {
  const ownDb = db ?? (await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.MATCHFLOW_DATA_DIR }));
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({
    config, db: ownDb.db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, log,
    sealer: new TokenSealer(Buffer.from(config.TOKEN_KEY, 'base64url')), peerSecret: peerTicketSecret(config.TOKEN_KEY),
    platformKeys: PlatformKeys.fromConfig(config), limits: loginLimits(config, ownDb),
  });
  const server = await listen(app, config.PORT, config.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  log.info({ url }, 'API listening');
  return {
    url,
    port,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
      if (!db) await ownDb.close();
    },
  };
}

function loginLimits(config: Config, db: DbHandle): LoginLimits {
  return new LoginLimits({
    failuresPerIp: config.LOGIN_FAILURES_PER_IP, failuresPerCredential: config.LOGIN_FAILURES_PER_CREDENTIAL, windowSeconds: config.LOGIN_BLOCK_SECONDS,
    seedsPerIpPerMinute: config.VERSUS_SEEDS_PER_IP_PER_MINUTE,
  }, db.pool);
}

/** One configured secret, two uses: HKDF keeps the peer-ticket key independent of the token key. */
export function peerTicketSecret(tokenKey: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(tokenKey, 'base64url'), Buffer.alloc(0), 'matchflow peer tickets', 32));
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}
