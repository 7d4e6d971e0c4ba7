import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, importJWK, importSPKI, jwtVerify } from 'jose';
import { SigningKeys } from '../../domain/paid-matches/signing-keys';
import type { Project } from '../../domain/projects';
import type { DeveloperConfig } from '../fakes/game-backend';
import { call } from '../helpers/http';
import { admin } from '../helpers/paid-matches';
import { startStack, type Stack } from '../helpers/stack';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

let stack: Stack;
let project: Project;
let config: DeveloperConfig;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  project = await stack.createProject({ name: 'realm game' });
  config = (await admin(stack, 'GET', `/projects/${project.id}/developer-config.json`)).body;
});
afterAll(() => stack.stop());

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => fetch(config.authentication.token_url, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields),
});
const credentials = () => ({ client_id: config.authentication.client_id, client_secret: config.authentication.client_secret, grant_type: 'client_credentials' });
const publishedKey = async () => {
  const realm = (await (await fetch(config.authentication.public_key_url)).json()) as { public_key: string };
  return importSPKI(`-----BEGIN PUBLIC KEY-----\n${realm.public_key}\n-----END PUBLIC KEY-----`, 'RS256');
};

/** fetch drops a Host header it is given; node:http sends what it is told, as an attacker's client would. */
function forgedHost(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.url}${path}`, { method, headers: { ...headers, host: 'evil.example' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the game\'s realm (OAuth2 client credentials, Keycloak layout)', () => {
  it('when an administrator downloads developer-config.json, then it holds the documented fields and the realm URLs answer', async () => {
    expect(config).toEqual({
      okletsplay_url: stack.url,
      authentication: {
        client_id: project.id, client_secret: expect.stringMatching(/^[\w-]{32}$/),
        public_key_url: `${stack.url}/auth/realms/letsbet`, token_url: `${stack.url}/auth/realms/letsbet/protocol/openid-connect/token`,
      },
    });
    // The secret shows in the file made for the developers, never in the project listing.
    expect((await admin(stack, 'GET', `/projects/${project.id}`)).body.platform.clientSecret).toBe('********');
    const discovery = await call('GET', `${stack.url}/auth/realms/letsbet/.well-known/openid-configuration`);
    expect(discovery.body).toMatchObject({ token_endpoint: config.authentication.token_url, jwks_uri: `${stack.url}/auth/realms/letsbet/protocol/openid-connect/certs` });
    expect((await call('GET', `${stack.url}/auth/realms/master`)).status).toBe(404);
  });

  it('when a caller sends a forged Host header, then no URL the platform hands out names it (they come from PUBLIC_URL or where the API listens)', async () => {
    const realm = await forgedHost('GET', '/auth/realms/letsbet');
    const discovery = await forgedHost('GET', '/auth/realms/letsbet/.well-known/openid-configuration');
    const file = await forgedHost('GET', `/admin/projects/${project.id}/developer-config.json`, { authorization: `Bearer ${stack.config.ADMIN_TOKEN}` });
    const token = await forgedHost('POST', '/auth/realms/letsbet/protocol/openid-connect/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(credentials()).toString());
    expect([realm.status, discovery.status, file.status, token.status]).toEqual([200, 200, 200, 200]);
    const issuer = JSON.parse(Buffer.from(token.body.access_token.split('.')[1], 'base64url').toString()).iss;
    for (const answer of [realm.body, discovery.body, file.body, issuer]) expect(JSON.stringify(answer)).not.toContain('evil.example');
    expect(issuer).toBe(`${stack.url}/auth/realms/letsbet`);
  });

  it('when the game logs in with its client credentials, then it gets an RS256 token that the published key and the JWKS both verify', async () => {
    const res = await form({ ...credentials(), scope: 'olp-report-api' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { access_token: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'olp-report-api' });
    const { payload, protectedHeader } = await jwtVerify(body.access_token, await publishedKey(), { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ azp: project.id, scope: 'olp-report-api', iss: config.authentication.public_key_url });
    const jwks = (await call('GET', `${stack.url}/.well-known/jwks.json`)).body;
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === protectedHeader.kid);
    await expect(jwtVerify(body.access_token, await importJWK(jwk, 'RS256'))).resolves.toBeDefined();
    expect((await call('GET', `${stack.url}/auth/realms/letsbet/protocol/openid-connect/certs`)).body).toEqual(jwks);
  });

  it('when the client authenticates with HTTP Basic instead of form fields, then it is accepted too', async () => {
    const basic = Buffer.from(`${config.authentication.client_id}:${config.authentication.client_secret}`).toString('base64');
    expect((await form({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).status).toBe(200);
  });

  it('when a login is wrong, then the answer is the RFC 6749 error that names it, and never a token', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ ...credentials(), client_secret: 'wrong' }, 401, 'invalid_client'],
      [{ ...credentials(), client_id: 'no-such-game' }, 401, 'invalid_client'],
      [{ ...credentials(), grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{ client_id: project.id, grant_type: 'client_credentials' }, 400, 'invalid_request'],
      [{ ...credentials(), scope: 'openid' }, 400, 'invalid_scope'],
      [{ client_id: project.id }, 400, 'invalid_request'],
    ];
    for (const [fields, status, error] of cases) {
      const res = await form(fields);
      const body = (await res.json()) as { error: string };
      expect([res.status, body.error]).toEqual([status, error]);
      expect(JSON.stringify(body)).not.toContain(config.authentication.client_secret);
    }
  });

  it('when the game calls its API without a valid access token, then it is refused, a webhook token included', async () => {
    const finish = (token?: string) => call('POST', `${stack.url}/api/game/v1/finish`, { token, body: { match_id: 'm', participants: [] } });
    expect((await finish()).status).toBe(401);
    expect((await finish('garbage')).status).toBe(401);
    // A token this platform signed for the game's webhook is not a login.
    const keys = SigningKeys.fromText(stack.config.PLATFORM_SIGNING_KEY!);
    expect((await finish(await keys.signWebhookToken('x', project.id, 'm', 'j'))).status).toBe(401);
    // An access token signed by some other key is refused.
    const other = SigningKeys.fromText((await import('../../scripts/data-dir')).newSigningKey());
    expect((await finish(await other.signAccessToken('x', project.id, 60))).status).toBe(401);
    expect(await exportJWK(keys.publicKey)).not.toEqual(await exportJWK(other.publicKey));
  });

  it('when the client secret is rotated, then the old one stops logging in and the new file logs in', async () => {
    const rotating = await stack.createProject({ name: 'rotating game' });
    const before = (await admin(stack, 'GET', `/projects/${rotating.id}/developer-config.json`)).body as DeveloperConfig;
    const after = (await admin(stack, 'POST', `/projects/${rotating.id}/platform/rotate-secret`)).body as DeveloperConfig;
    expect(after.authentication.client_secret).not.toBe(before.authentication.client_secret);
    const login = (c: DeveloperConfig) => form({ client_id: c.authentication.client_id, client_secret: c.authentication.client_secret, grant_type: 'client_credentials' });
    expect((await login(before)).status).toBe(401);
    expect((await login(after)).status).toBe(200);
  });

  it('when developer-config is asked for through the project CLI, then it prints the same file', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'project.ts'), 'developer-config', project.id], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.config.DATABASE_URL, PUBLIC_URL: stack.url },
    });
    expect(JSON.parse(stdout)).toEqual(config);
    const set = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'project.ts'), 'set-platform', project.id, '--payout-table', '7000,3000', '--rake-bps', '500', '--json'], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.config.DATABASE_URL },
    });
    expect(JSON.parse(set.stdout).platform).toMatchObject({ payoutTableBps: [7000, 3000], rakeBps: 500, clientSecret: '********' });
    await expect(run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'project.ts'), 'set-platform', project.id, '--payout-table', '7000,2000'], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.config.DATABASE_URL },
    })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--payout-table: must add up to 10000') });
  });
});
