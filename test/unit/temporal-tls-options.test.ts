import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeTemporalConnection, temporalConnectOptions } from '../../core/temporal-connection';
import { ConfigError, parseConfig } from '../../domain/config';
import { makeTestPki, type TestPki } from '../helpers/test-pki';

/**
 * TEMPORAL_TLS* and TEMPORAL_API_KEY → the options both Temporal connections are made with. Only the option building:
 * `temporal server start-dev` (CLI 1.5.1) has no TLS flags, so no test here talks TLS to a real Temporal.
 */
const base = { ADMIN_TOKEN: 'a'.repeat(16), TOKEN_KEY: Buffer.alloc(32, 7).toString('base64url'), TEMPORAL_ADDRESS: 'temporal.example:7233' };
const API_KEY = 'tcld-secret-api-key-never-printed';

let pki: TestPki;
beforeAll(() => (pki = makeTestPki()));
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

const optionsFor = (env: Record<string, string>) => temporalConnectOptions(parseConfig({ ...base, ...env }));

function configErrorOf(build: () => unknown): string {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no configuration error');
}

describe('Temporal connection options built from TEMPORAL_TLS* and TEMPORAL_API_KEY', () => {
  it('when no TLS setting is given (or each is empty), then the connection is plain gRPC to TEMPORAL_ADDRESS', () => {
    expect(optionsFor({})).toEqual({ address: 'temporal.example:7233' });
    expect(optionsFor({ TEMPORAL_TLS: '', TEMPORAL_TLS_CA_FILE: '', TEMPORAL_API_KEY: '' })).toEqual({ address: 'temporal.example:7233' });
    expect(optionsFor({ TEMPORAL_TLS: 'false' })).toEqual({ address: 'temporal.example:7233' });
  });

  it('when TEMPORAL_TLS=true alone, then TLS is on with the system CAs and nothing else', () => {
    const options = optionsFor({ TEMPORAL_TLS: 'true' });
    expect(options).toEqual({ address: 'temporal.example:7233', tls: {} });
    expect(describeTemporalConnection(options)).toBe('temporal.example:7233 over TLS (system CAs)');
  });

  it('when the CA, client certificate and key files and a server name are set, then TLS carries the files as read and the name as serverNameOverride', () => {
    const options = optionsFor({
      TEMPORAL_TLS_CA_FILE: pki.caFile, TEMPORAL_TLS_CERT_FILE: pki.client.certFile, TEMPORAL_TLS_KEY_FILE: pki.client.keyFile, TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal',
    });
    expect(options.tls?.serverRootCACertificate).toEqual(readFileSync(pki.caFile));
    expect(options.tls?.clientCertPair?.crt).toEqual(readFileSync(pki.client.certFile));
    expect(options.tls?.clientCertPair?.key).toEqual(readFileSync(pki.client.keyFile));
    expect(options.tls?.serverNameOverride).toBe('frontend.temporal');
    expect(options.apiKey).toBeUndefined();
    expect(describeTemporalConnection(options)).toBe('temporal.example:7233 over TLS (CA from TEMPORAL_TLS_CA_FILE, server name frontend.temporal, client certificate)');
  });

  it('when only TEMPORAL_TLS_CA_FILE is set, then TLS is on, verifying the frontend against that CA, without a client certificate', () => {
    const options = optionsFor({ TEMPORAL_TLS_CA_FILE: pki.caFile });
    expect(options.tls).toEqual({ serverRootCACertificate: readFileSync(pki.caFile) });
  });

  it('when TEMPORAL_API_KEY is set alone (Temporal Cloud), then TLS is on with the system CAs and the key is the apiKey, which the description never shows', () => {
    const options = optionsFor({ TEMPORAL_API_KEY: API_KEY });
    expect(options).toEqual({ address: 'temporal.example:7233', tls: {}, apiKey: API_KEY });
    expect(describeTemporalConnection(options)).toBe('temporal.example:7233 over TLS (system CAs, API key)');
  });

  it('when TEMPORAL_TLS_CERT_FILE is set without TEMPORAL_TLS_KEY_FILE, then the configuration error names TEMPORAL_TLS_KEY_FILE', () => {
    expect(configErrorOf(() => parseConfig({ ...base, TEMPORAL_TLS_CERT_FILE: pki.client.certFile }))).toMatch(/^ {2}TEMPORAL_TLS_KEY_FILE: is required with TEMPORAL_TLS_CERT_FILE/m);
  });

  it('when TEMPORAL_TLS_KEY_FILE is set without TEMPORAL_TLS_CERT_FILE, then the configuration error names TEMPORAL_TLS_CERT_FILE', () => {
    expect(configErrorOf(() => parseConfig({ ...base, TEMPORAL_TLS_KEY_FILE: pki.client.keyFile }))).toMatch(/^ {2}TEMPORAL_TLS_CERT_FILE: is required with TEMPORAL_TLS_KEY_FILE/m);
  });

  it('when TEMPORAL_TLS=false but a TLS file or the API key is set, then the configuration error names them all and never the key', () => {
    const message = configErrorOf(() => parseConfig({ ...base, TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: pki.caFile, TEMPORAL_API_KEY: API_KEY }));
    expect(message).toContain('TEMPORAL_TLS: is false, but TEMPORAL_TLS_CA_FILE and TEMPORAL_API_KEY need TLS');
    expect(message).not.toContain(API_KEY);
  });

  it('when TEMPORAL_TLS is neither true nor false, or TEMPORAL_TLS_SERVER_NAME is set with TLS off, then the configuration error names the variable', () => {
    expect(configErrorOf(() => parseConfig({ ...base, TEMPORAL_TLS: 'yes' }))).toContain('TEMPORAL_TLS: must be true or false');
    expect(configErrorOf(() => parseConfig({ ...base, TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal' }))).toContain('TEMPORAL_TLS_SERVER_NAME: only applies over TLS');
  });

  it('when TEMPORAL_TLS_CA_FILE names no file, then building the options fails naming the variable and the path', () => {
    const missing = join(pki.dir, 'no-such-ca.pem');
    expect(configErrorOf(() => optionsFor({ TEMPORAL_TLS_CA_FILE: missing }))).toBe(`invalid configuration:\n  TEMPORAL_TLS_CA_FILE: cannot read ${missing}: no such file`);
  });

  it('when TEMPORAL_TLS_KEY_FILE cannot be read or is not PEM, then the error names the variable and path and shows nothing of the file', () => {
    const pair = { TEMPORAL_TLS_CERT_FILE: pki.client.certFile };
    expect(configErrorOf(() => optionsFor({ ...pair, TEMPORAL_TLS_KEY_FILE: pki.dir }))).toContain(`TEMPORAL_TLS_KEY_FILE: cannot read ${pki.dir}: it is a directory`);
    const der = join(pki.dir, 'key.der');
    writeFileSync(der, Buffer.from('30770201010420c0ffeec0ffeec0ffee', 'hex'));
    const message = configErrorOf(() => optionsFor({ ...pair, TEMPORAL_TLS_KEY_FILE: der }));
    expect(message).toBe(`invalid configuration:\n  TEMPORAL_TLS_KEY_FILE: ${der} is not PEM (no "-----BEGIN" line)`);
  });
});
