import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/** A throwaway PKI, made with openssl: a CA, a server certificate for 127.0.0.1 and localhost, and a client certificate. */
export interface TestPki {
  dir: string;
  caFile: string;
  server: CertificateFiles;
  client: CertificateFiles;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'matchflow-pki-'));
  const ca = { certFile: join(dir, 'ca.pem'), keyFile: join(dir, 'ca-key.pem') };
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=Matchflow test CA', '-keyout', ca.keyFile, '-out', ca.certFile);
  const server = issue(dir, ca, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth');
  const client = issue(dir, ca, 'client', 'extendedKeyUsage=clientAuth');
  return { dir, caFile: ca.certFile, server, client };
}

function issue(dir: string, ca: CertificateFiles, name: string, extensions: string): CertificateFiles {
  const files = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}-key.pem`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `${extensions}\n`);
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=matchflow-${name}`,
    '-keyout', files.keyFile, '-out', csr);
  openssl('x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', files.certFile);
  return files;
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
