import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two secrets of any length (hashing first hides the length, too). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A fresh credential: 24 random bytes, URL-safe (test keys, server tokens, client secrets). */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** A fresh Versus API secret: 40 hex characters, the form Versus games expect. */
export function newVersusSecret(): string {
  return randomBytes(20).toString('hex');
}
