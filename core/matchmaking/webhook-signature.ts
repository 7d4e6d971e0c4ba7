import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How session webhooks are signed (Stripe's scheme): `Matchflow-Signature: t=<unix seconds>,v1=<hex>`, the hex being
 * HMAC-SHA256 under the project's webhook secret of `<t>.<body>`. The time is signed with the body, so a receiver
 * that refuses old times refuses a captured delivery replayed later. README "Session webhooks" shows a receiver.
 */

export const SIGNATURE_HEADER = 'Matchflow-Signature';

/** How old a signature a receiver should still accept (the README's advice, and what the tests' receiver checks). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${body}`)}`;
}

/** A receiver's check: undefined when the header signs this body under this secret recently enough, else why not. */
export function signatureProblem(secret: string, body: string, header: string | undefined, nowSeconds: number, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): string | undefined {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return 'no t= and v1= in the signature header';
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return `signed ${nowSeconds - t} s ago: too old (or the clocks disagree)`;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'the signature does not match';
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
