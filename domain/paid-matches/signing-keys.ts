import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { exportJWK, jwtVerify, SignJWT, type JWK } from 'jose';

/**
 * The platform's RS256 key (COMPAT.md §3): it signs the OAuth access tokens games log in with and the bearer
 * tokens of the match-info webhook; games check both with the public key the realm endpoint publishes.
 * Never for workflows: it uses Node's crypto.
 */

export const ACCESS_SCOPE = 'olp-report-api';

/** Reads a PEM private key, given as is, with `\n` escapes (one env line), or base64-encoded. */
export function readSigningKey(text: string): KeyObject {
  const pem = text.includes('-----BEGIN') ? text.replace(/\\n/g, '\n') : Buffer.from(text, 'base64').toString('utf8');
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error('must be an RSA private key of at least 2048 bits');
  return key;
}

export interface GameClaims {
  /** The game's OAuth client id (its project id). */
  clientId: string;
}

export class SigningKeys {
  readonly publicKey: KeyObject;
  /** Base64 DER SPKI, as Keycloak's realm endpoint publishes it. */
  readonly publicKeyBase64: string;
  readonly kid: string;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    this.publicKeyBase64 = der.toString('base64');
    this.kid = createHash('sha256').update(der).digest('base64url').slice(0, 16);
  }

  static fromText(text: string): SigningKeys {
    return new SigningKeys(readSigningKey(text));
  }

  /** The configured key (PLATFORM_SIGNING_KEY), or undefined when paid matches are off. */
  static fromConfig(config: { PLATFORM_SIGNING_KEY?: string }): SigningKeys | undefined {
    return config.PLATFORM_SIGNING_KEY ? SigningKeys.fromText(config.PLATFORM_SIGNING_KEY) : undefined;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [{ ...(await exportJWK(this.publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  /** A client-credentials access token; `typ: Bearer` and the scope tell it apart from a webhook token. */
  signAccessToken(issuer: string, clientId: string, ttlSeconds: number): Promise<string> {
    return new SignJWT({ typ: 'Bearer', azp: clientId, scope: ACCESS_SCOPE, client_id: clientId })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(clientId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.privateKey);
  }

  /** Undefined for anything but an unexpired access token signed by this key (a webhook token included). */
  async verifyAccessToken(token: string): Promise<GameClaims | undefined> {
    if (token.length > 8192) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'], requiredClaims: ['exp'] });
      if (payload.typ !== 'Bearer' || payload.scope !== ACCESS_SCOPE || typeof payload.azp !== 'string') return undefined;
      return { clientId: payload.azp };
    } catch {
      return undefined;
    }
  }

  /** The bearer of one webhook call: addressed to one game, naming the match, single-use by its jti. */
  signWebhookToken(issuer: string, clientId: string, matchId: string, jti: string): Promise<string> {
    return new SignJWT({ typ: 'match-info', match_id: matchId })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 300)
      .sign(this.privateKey);
  }
}
