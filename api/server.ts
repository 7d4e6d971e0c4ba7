import { hkdfSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { reachTemporal } from '../core/reach';
import { temporalConnectOptions } from '../core/temporal-connection';
import { matchmakingSettings } from '../core/matchmaking/queue';
import { createDb, type DbHandle } from '../db/create-db';
import type { Config } from '../domain/config';
import type { Logger } from '../core/log';
import { SigningKeys } from '../domain/paid-matches/signing-keys';
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
  const temporalOptions = temporalConnectOptions(config);
  const ownDb = db ?? (await createDb({ databaseUrl: config.DATABASE_URL, dataDir: config.MATCHFLOW_DATA_DIR, poolSize: config.DATABASE_POOL_SIZE, log }));
  // A player waits for an answer: a few quick retries ride out a blip, then the API answers 503 (the SDK's
  // default retries for about 20 s, which only holds the caller).
  const connection = await reachTemporal(temporalOptions, () => Connection.connect({
    ...temporalOptions, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))],
  }));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  // Listen first: the URL the API names itself by (PUBLIC_URL, else where it listens) is known before any request.
  const server = await listen(config.PORT, config.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  server.on('request', createApp({
    config, db: ownDb.db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, log, publicUrl: url,
    sealer: new TokenSealer(Buffer.from(config.TOKEN_KEY, 'base64url')), peerSecret: peerTicketSecret(config.TOKEN_KEY),
    signingKeys: SigningKeys.fromConfig(config), limits: loginLimits(config, ownDb), matchmaking: matchmakingSettings(config),
  }));
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

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.keepAliveTimeout = 65_000;
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
