import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ApiError } from './errors';

/**
 * Stripe's `Idempotency-Key`: a client that retries a create after a lost answer sends the same key and gets
 * the first request's answer, with nothing new made. Keys are printable ASCII, 1 to 128 characters.
 */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key !== undefined && !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new ApiError('badRequest', 'header Idempotency-Key: 1 to 128 printable ASCII characters', [{ path: 'header.idempotency-key', message: '1 to 128 printable ASCII characters' }]);
  }
  return key;
}

/** A UUID (version 8: custom) derived from the key, scoped to its project and player: the id the first request used. */
export function keyedUuid(projectId: string, playerId: string, key: string): string {
  const h = createHash('sha256').update(`${projectId}\n${playerId}\n${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What a retry must repeat: the same parsed request (a different body under the same key is a 409). */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}
