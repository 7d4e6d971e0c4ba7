import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../domain/config';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { readEnvFile } from '../../scripts/cluster/env-file';
import { clusterEnv, DEPLOY_DIR, frontendTlsEnv, guideCertificates, matchflowTlsEnv } from '../../scripts/cluster/temporal';
import { uiTlsEnv } from '../../scripts/cluster/web-ui';
import { CLI_VERSION } from '../../scripts/temporal-cli';
import { SERVER_VERSION } from '../../scripts/temporal-server';
import { UI_VERSION } from '../../scripts/temporal-ui';

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is held to what `npm run start:cluster` runs:
 * the same deploy/temporal files, scripts, versions and variables. A change to one side that the other does
 * not follow fails here.
 */
const ROOT = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const temporalEnv = readEnvFile(join(DEPLOY_DIR, 'temporal.env'));
const TEMPORAL_SERVICES = ['temporal-schema', 'temporal-1', 'temporal-2', 'temporal-setup'];

interface Service {
  build?: string; image?: string; command?: string[]; env_file?: string; volumes?: string[];
  environment?: Record<string, string>; deploy?: { replicas?: number };
}

describe('docker-compose.yml and npm run start:cluster', () => {
  it.each(TEMPORAL_SERVICES)('%s mounts deploy/temporal at /etc/temporal, reads temporal.env and runs one of its scripts', (name) => {
    const service = compose.services[name]!;
    expect(service.build).toBe('./deploy/temporal');
    expect(service.volumes).toEqual(['./deploy/temporal:/etc/temporal:ro']);
    expect(service.env_file).toBe('./deploy/temporal/temporal.env');
    const [script, ...rest] = service.command!;
    expect(rest).toEqual([]);
    expect(script).toMatch(/^\/etc\/temporal\/(setup-schema|start-node|setup-namespace)\.sh$/);
    expect(existsSync(join(DEPLOY_DIR, script!.replace('/etc/temporal/', '')))).toBe(true);
  });

  it('runs two Temporal nodes and two of each Matchflow process, as start:cluster does', () => {
    expect(compose.services['temporal-1']!.command).toEqual(['/etc/temporal/start-node.sh']);
    expect(compose.services['temporal-2']!.command).toEqual(['/etc/temporal/start-node.sh']);
    expect(compose.services.api!.deploy?.replicas).toBe(2);
    expect(compose.services.worker!.deploy?.replicas).toBe(2);
  });

  it("runs the Temporal Web UI version that start:cluster builds, given the variables its config reads", () => {
    const ui = compose.services['temporal-ui']!;
    expect(ui.image).toBe(`temporalio/ui:${UI_VERSION}`);
    const config = readFileSync(join(DEPLOY_DIR, 'ui', 'matchflow.yaml'), 'utf8');
    expect(config).toContain('env "TEMPORAL_ADDRESS"');
    expect(Object.keys(ui.environment ?? {})).toContain('TEMPORAL_ADDRESS');
  });

  it('builds the Temporal server and CLI versions that start:cluster builds', () => {
    const dockerfile = readFileSync(join(DEPLOY_DIR, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`go.temporal.io/server/cmd/server@v${SERVER_VERSION}`);
    expect(dockerfile).toContain(`go.temporal.io/server/cmd/tools/sql@v${SERVER_VERSION}`);
    expect(dockerfile).toContain(`github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`);
    expect(compose.services['temporal-1']!.image).toBe(`matchflow-temporal:${SERVER_VERSION}`);
  });

  it('points temporal.env at files that deploy/temporal holds', () => {
    for (const key of ['TEMPORAL_SERVER_CONFIG_FILE_PATH', 'DYNAMIC_CONFIG_FILE_PATH', 'SEARCH_ATTRIBUTES_FILE']) {
      expect(temporalEnv[key]).toMatch(/^\/etc\/temporal\//);
      expect(existsSync(join(DEPLOY_DIR, temporalEnv[key]!.replace('/etc/temporal/', '')))).toBe(true);
    }
  });

  it('sets every variable config.yaml requires in temporal.env', () => {
    const config = readFileSync(join(DEPLOY_DIR, 'config.yaml'), 'utf8');
    const list = /\$required := list ((?:"\w+" ?)+)/.exec(config)![1]!;
    const required = [...list.matchAll(/"(\w+)"/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(3);
    expect(required.filter((k) => !(k in temporalEnv))).toEqual([]);
  });

  it('overrides on one machine only variables that temporal.env defines, besides its own three', () => {
    const spec = {
      binaries: { dir: '/bin', server: '', sqlTool: '' }, cliPath: '/bin/temporal', postgres: { host: 'h', port: 1, user: 'u', password: 'p' },
      databases: { history: 'a', visibility: 'b' }, portOffsets: [0], logDir: '/tmp', log: undefined as never,
    };
    const overridden = Object.keys(clusterEnv(spec)).filter((k) => !(k in process.env) || k === 'PATH');
    const own = ['PATH', 'POSTGRES_PWD', 'TEMPORAL_PORT_OFFSET'];
    expect(overridden.filter((k) => !own.includes(k) && !(k in temporalEnv))).toEqual([]);
  });

  it('registers exactly the search attributes Matchflow defines', () => {
    const lines = readFileSync(join(DEPLOY_DIR, 'search-attributes.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines.map((l) => l.split(/\s+/))).toEqual(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, 'Keyword']));
  });

  it('turns on mutual TLS in docker-compose.tls.yml with exactly the variables the mutual-TLS cluster test runs', () => {
    const tls = parse(readFileSync(join(ROOT, 'docker-compose.tls.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
    const temporalCerts = guideCertificates('/etc/temporal/certs');
    const matchflowCerts = guideCertificates('/etc/matchflow/temporal-certs');
    expect(Object.keys(tls.services).filter((name) => !compose.services[name])).toEqual([]);
    for (const name of ['temporal-1', 'temporal-2', 'temporal-setup']) expect(tls.services[name]!.environment).toEqual(frontendTlsEnv(temporalCerts));
    expect(tls.services['temporal-ui']!.environment).toEqual(uiTlsEnv(temporalCerts));
    expect(tls.services['temporal-ui']!.volumes).toEqual(['./deploy/temporal/certs:/etc/temporal/certs:ro']);
    expect(Object.keys(matchflowTlsEnv(matchflowCerts)).filter((k) => !(k in configSchema.in.shape))).toEqual([]);
    for (const name of ['api', 'worker']) {
      expect(tls.services[name]!.environment).toEqual(matchflowTlsEnv(matchflowCerts));
      expect(tls.services[name]!.volumes).toEqual(['./deploy/temporal/certs:/etc/matchflow/temporal-certs:ro']);
    }
    // The Temporal containers already mount deploy/temporal, so its certs/ folder is /etc/temporal/certs.
    expect(compose.services['temporal-1']!.volumes).toContain('./deploy/temporal:/etc/temporal:ro');
    // Keys stay out of git and out of both images' build contexts.
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['/deploy/temporal/certs/', '/temporal-certs/']));
    expect(readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['deploy/temporal/certs', 'temporal-certs']));
    expect(readFileSync(join(DEPLOY_DIR, '.dockerignore'), 'utf8').split('\n')).toContain('certs');
  });

  it('gives the API and worker only variables Matchflow reads', () => {
    const known = new Set(Object.keys(configSchema.in.shape));
    for (const name of ['api', 'worker']) {
      const unknown = Object.keys(compose.services[name]!.environment!).filter((k) => !known.has(k));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });
});
