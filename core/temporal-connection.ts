import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type Config } from '../domain/config';

/**
 * How to reach Temporal's frontend, in the shape both connections take: the client's `Connection` (API, activities)
 * and the worker's `NativeConnection`.
 */
export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

type TemporalSettings = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS' | 'TEMPORAL_TLS_CA_FILE' | 'TEMPORAL_TLS_CERT_FILE'
  | 'TEMPORAL_TLS_KEY_FILE' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'>;

/**
 * The connection options the configuration asks for. The PEM files are read here, once, at start: a file that cannot
 * be read stops the process naming its variable and path, not a TLS handshake failing later.
 */
export function temporalConnectOptions(config: TemporalSettings): TemporalConnectOptions {
  const address = config.TEMPORAL_ADDRESS;
  if (!config.TEMPORAL_TLS) return { address };
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CA_FILE) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA_FILE', config.TEMPORAL_TLS_CA_FILE);
  // The configuration has already refused one without the other.
  if (config.TEMPORAL_TLS_CERT_FILE && config.TEMPORAL_TLS_KEY_FILE) {
    tls.clientCertPair = { crt: readPem('TEMPORAL_TLS_CERT_FILE', config.TEMPORAL_TLS_CERT_FILE), key: readPem('TEMPORAL_TLS_KEY_FILE', config.TEMPORAL_TLS_KEY_FILE) };
  }
  return { address, tls, ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}) };
}

/** How the connection is made, for messages: never a key, nor a file's contents. */
export function describeTemporalConnection(options: TemporalConnectOptions): string {
  if (!options.tls) return options.address;
  const how = [
    options.tls.serverRootCACertificate ? 'CA from TEMPORAL_TLS_CA_FILE' : 'system CAs',
    ...(options.tls.serverNameOverride ? [`server name ${options.tls.serverNameOverride}`] : []),
    ...(options.tls.clientCertPair ? ['client certificate'] : []),
    ...(options.apiKey ? ['API key'] : []),
  ];
  return `${options.address} over TLS (${how.join(', ')})`;
}

function readPem(variable: string, path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    throw settingError(variable, `cannot read ${path}: ${readFailure(err)}`);
  }
  // A DER file or a wrong path would otherwise surface as an opaque handshake failure.
  if (!pem.includes('-----BEGIN ')) throw settingError(variable, `${path} is not PEM (no "-----BEGIN" line)`);
  return pem;
}

function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return code ?? (err instanceof Error ? err.message : String(err));
}

/** In the shape parseConfig's errors have, so a start-up reads alike whichever check stopped it. */
function settingError(variable: string, message: string): ConfigError {
  return new ConfigError(`invalid configuration:\n  ${variable}: ${message}`);
}
