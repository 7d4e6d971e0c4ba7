import { createHash, randomBytes } from 'node:crypto';

/** Versus's handshake (COMPAT.md §4): the game hashes exactly this JSON, key order and no spaces included. */
export function versusToken(gameUuid: string, apiSecret: string, seed: string): string {
  return createHash('sha1').update(JSON.stringify({ uuid: gameUuid, secret_key: apiSecret, seed })).digest('hex');
}

/** 40 random hex characters. */
export function newVersusSeed(): string {
  return randomBytes(20).toString('hex');
}

/** Which secret a token was made with, without keeping the secret in workflow histories. */
export function secretFingerprint(apiSecret: string): string {
  return createHash('sha256').update(`versus-secret:${apiSecret}`).digest('hex').slice(0, 32);
}

export const isVersusToken = (s: string) => /^[0-9a-f]{40}$/.test(s);

/** What names a token in tables and workflow ids: a digest, so neither holds a token anyone could present. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(`versus-token:${token}`).digest('base64url').slice(0, 32);
}
