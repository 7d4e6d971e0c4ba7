import express, { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { findProject } from '../../db/projects';
import { realmUrl } from '../../domain/paid-matches/realm';
import { ACCESS_SCOPE } from '../../domain/paid-matches/signing-keys';
import { safeEqual } from '../../domain/secrets';
import type { ApiDeps } from '../deps';
import { badString, findBadText } from '../../domain/wire';
import { ApiError } from '../errors';
import { signingKeys } from './common';

/**
 * The OAuth realm games log in to (COMPAT.md §3), laid out as the Keycloak realm OkLetsPlay ran: the realm
 * document with its public key, the JWKS, OpenID discovery and the client-credentials token endpoint.
 */
export function realmRouter(deps: ApiDeps): Router {
  const r = Router({ mergeParams: true });
  r.use((req, res, next) => {
    if (req.params.realm !== deps.config.PLATFORM_REALM) return void res.status(404).json({ error: 'Realm does not exist' });
    signingKeys(deps);
    next();
  });
  const realm = realmUrl(deps.publicUrl, deps.config.PLATFORM_REALM);

  // The key changes only when the operator replaces PLATFORM_SIGNING_KEY: games may cache it a few minutes.
  const cacheable: RequestHandler = (_req, res, next) => {
    res.set('cache-control', 'public, max-age=300');
    next();
  };

  r.get('/', cacheable, (req, res) => {
    res.json({
      realm: deps.config.PLATFORM_REALM, public_key: signingKeys(deps).publicKeyBase64, 'token-service': `${realm}/protocol/openid-connect`,
      'account-service': `${realm}/account`, 'tokens-not-before': 0,
    });
  });
  r.get('/protocol/openid-connect/certs', cacheable, async (_req, res) => void res.json(await signingKeys(deps).jwks()));
  r.get('/.well-known/openid-configuration', (req, res) => {
    res.json({
      issuer: realm, token_endpoint: `${realm}/protocol/openid-connect/token`, jwks_uri: `${realm}/protocol/openid-connect/certs`,
      grant_types_supported: ['client_credentials'], token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      id_token_signing_alg_values_supported: ['RS256'], scopes_supported: [ACCESS_SCOPE],
    });
  });

  r.post('/protocol/openid-connect/token', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    // The wire rule (api/wire-rules.ts), answered the way RFC 6749 clients read errors.
    const bad = findBadText(req.body, 'body');
    if (bad) return oauthError(res, 400, 'invalid_request', `${bad.path}: ${bad.message}`);
    const form = tokenForm.safeParse(req.body ?? {});
    if (!form.success) return oauthError(res, 400, 'invalid_request', form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (form.data.grant_type !== 'client_credentials') return oauthError(res, 400, 'unsupported_grant_type', 'only client_credentials is supported');
    const client = clientCredentials(req.headers.authorization, form.data);
    if (!client) return oauthError(res, 400, 'invalid_request', 'client_id and client_secret are required (form fields or HTTP Basic)');
    // HTTP Basic credentials are decoded here, after the request-wide rule ran: the same rule, for them.
    const badCredential = badString(client.id) ?? badString(client.secret);
    if (badCredential) return oauthError(res, 400, 'invalid_request', `client credentials: ${badCredential}`);
    if (await throttled(res, () => deps.limits.guard(req, 'realm-token', client.id))) return;
    const project = await findProject(deps.db, client.id);
    // One answer for an unknown client and a wrong secret, so neither can be probed.
    if (!project?.platform || !safeEqual(client.secret, project.platform.clientSecret)) {
      if (await throttled(res, () => deps.limits.failed(req, 'realm-token', client.id))) return;
      return oauthError(res, 401, 'invalid_client', 'Invalid client credentials');
    }
    await deps.limits.succeeded(req, 'realm-token', client.id);
    if (form.data.scope !== undefined && !form.data.scope.split(' ').includes(ACCESS_SCOPE)) return oauthError(res, 400, 'invalid_scope', `scope must include ${ACCESS_SCOPE}`);
    const ttl = deps.config.PLATFORM_ACCESS_TOKEN_TTL_SECONDS;
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' }).json({
      access_token: await signingKeys(deps).signAccessToken(realm, project.id, ttl), expires_in: ttl, token_type: 'Bearer',
      scope: ACCESS_SCOPE, refresh_expires_in: 0, 'not-before-policy': 0,
    });
  });
  return r;
}

/** A login limit's 429, in the shape OAuth clients read (RFC 6749 errors have no code for it; RFC 6585 gives the status). */
async function throttled(res: Response, check: () => Promise<void>): Promise<boolean> {
  try {
    await check();
    return false;
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'tooManyRequests') throw err;
    res.set('retry-after', String(err.retryAfterSeconds));
    oauthError(res, 429, 'too_many_requests', err.message);
    return true;
  }
}

const tokenForm = z.object({
  grant_type: z.string({ error: 'grant_type is required' }).max(64),
  client_id: z.string().max(128).optional(),
  client_secret: z.string().max(256).optional(),
  scope: z.string().max(512).optional(),
});

/** RFC 6749 §2.3.1: the client authenticates with HTTP Basic or with form fields. */
function clientCredentials(authorization: string | undefined, form: z.infer<typeof tokenForm>): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  }
  return form.client_id && form.client_secret ? { id: form.client_id, secret: form.client_secret } : undefined;
}

/** Basic credentials are form-encoded (RFC 6749 §2.3.1); a malformed escape is taken literally. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** RFC 6749 §5.2 error answers. */
function oauthError(res: Response, status: 400 | 401 | 429, error: string, description: string): void {
  res.status(status).set({ 'cache-control': 'no-store' }).json({ error, error_description: description });
}
