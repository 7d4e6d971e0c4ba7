import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt (a deliberately slow hash): `scrypt$<salt>$<hash>`, both base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${(await derive(password, salt)).toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Too many password checks at once: answered 503 (try again) rather than queued without end. */
export class PasswordChecksBusy extends Error {
  constructor() {
    super('too many password checks at once; try again');
  }
}

/**
 * scrypt runs on libuv's 4 threads, which file, DNS and other crypto work share: a flood of guesses (a
 * Padrone admin login, a host password) must not starve them. At most two run at once; a few dozen wait.
 */
const MAX_RUNNING = 2;
const MAX_WAITING = 32;
let running = 0;
const waiting: (() => void)[] = [];

async function derive(password: string, salt: Buffer): Promise<Buffer> {
  await takeSlot();
  try {
    return await new Promise((resolve, reject) => scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key))));
  } finally {
    releaseSlot();
  }
}

async function takeSlot(): Promise<void> {
  if (running < MAX_RUNNING) {
    running++;
    return;
  }
  if (waiting.length >= MAX_WAITING) throw new PasswordChecksBusy();
  await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over, still counted
}

function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}
