import { generateKeyPairSync } from 'node:crypto';
import { SigningKeys } from '../../domain/paid-matches/signing-keys';
import { ConfigError, parseConfig } from '../../domain/config';
import { matchRequestSchema } from '../../domain/matchmaking/match-request';
import { queueBucket, queueBucketLabel } from '../../domain/matchmaking/buckets';
import { clientAuthSchema } from '../../domain/matchmaking/v1a';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('match request', () => {
  it('when integers arrive as decimal strings or numbers, then both are accepted', () => {
    const r = matchRequestSchema.parse({ teamSizes: ['2', 2], maxMatchTime: '30', matchTag: null, info: { map: 'dust' } });
    expect(r).toEqual({ teamSizes: [2, 2], maxMatchTime: 30, matchTag: undefined, serverTag: undefined, info: { map: 'dust' } });
  });

  it.each([
    [{ teamSizes: [], maxMatchTime: 10 }, 'teamSizes'],
    [{ teamSizes: Array(17).fill(1), maxMatchTime: 10 }, 'teamSizes'],
    [{ teamSizes: [101], maxMatchTime: 10 }, 'teamSizes.0'],
    [{ teamSizes: [100, 100, 1], maxMatchTime: 10 }, 'teamSizes'],
    [{ teamSizes: [1.5], maxMatchTime: 10 }, 'teamSizes.0'],
    [{ teamSizes: [1, 1], maxMatchTime: 0 }, 'maxMatchTime'],
    [{ teamSizes: [1, 1], maxMatchTime: 3601 }, 'maxMatchTime'],
    [{ teamSizes: [1, 1], maxMatchTime: '1e3' }, 'maxMatchTime'],
    [{ teamSizes: [1, 1], maxMatchTime: 10, matchTag: 'x'.repeat(257) }, 'matchTag'],
    [{ teamSizes: [1, 1], maxMatchTime: 10, info: { blob: 'x'.repeat(5000) } }, 'info'],
    [{ maxMatchTime: 10 }, 'teamSizes'],
  ])('when the request is %j, then %s is named as wrong', (body, field) => {
    const r = matchRequestSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(issues(r).some((i) => i.startsWith(`${field}:`))).toBe(true);
  });

  it('when two requests differ only in tags, then they fall in different buckets', () => {
    const a = queueBucket({ teamSizes: [2, 2], matchTag: 'eu' });
    expect(queueBucket({ teamSizes: [2, 2], matchTag: 'eu' })).toBe(a);
    expect(queueBucket({ teamSizes: [2, 2], matchTag: 'us' })).not.toBe(a);
    expect(queueBucket({ teamSizes: [2, 2], matchTag: 'eu', serverTag: 'eu' })).not.toBe(a);
  });
});

describe('the QueueBucket label operators query by', () => {
  it('when tags are the longest allowed, in a script that percent-encodes to 9 bytes a character, then the label stays under 1 KB and buckets stay apart', () => {
    const long = (c: string) => c.repeat(256);
    const labels = [long('Я'), `${long('Я').slice(0, 255)}Ж`].map((t) => queueBucketLabel({ teamSizes: [1, 1], matchTag: t, serverTag: long('語') }));
    expect(labels.map((l) => l.length <= 1024)).toEqual([true, true]);
    expect(labels[0]).not.toBe(labels[1]);
    expect(labels[0]).toMatch(/^1v1 (%D0%AF)+~[0-9a-f]{16} (%E8%AA%9E)+~[0-9a-f]{16}$/);
  });
});

describe('client auth object', () => {
  it('when it holds exactly one backend (nulls count as absent), then it is accepted', () => {
    expect(clientAuthSchema.safeParse({ testKey: 'k', testId: 'a', itchApiKey: null }).success).toBe(true);
    expect(clientAuthSchema.safeParse({ steamEncryptedTicket: 'ab' }).success).toBe(true);
  });

  it.each([
    [{}, "exactly one backend's credentials"],
    [{ itchApiKey: 'a', itchJwtToken: 'b' }, 'got 2'],
    [{ testKey: 'k' }, 'testId: is required with testKey'],
    [{ testId: 'a', steamEncryptedTicket: 'ab' }, 'testKey: is required with testId'],
    [{ password: 'x' }, 'Unrecognized key'],
  ])('when it is %j, then it is refused saying %s', (auth, message) => {
    const r = clientAuthSchema.safeParse(auth);
    expect(r.success).toBe(false);
    expect(issues(r).join('\n')).toContain(message);
  });
});

describe('configuration', () => {
  const good = { ADMIN_TOKEN: 'a'.repeat(16), TOKEN_KEY: Buffer.alloc(32, 7).toString('base64url') };

  it('when only the secrets are given, then everything else takes its documented default', () => {
    const c = parseConfig(good);
    expect(c).toMatchObject({ PORT: 8080, TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_TASK_QUEUE: 'matchflow', MATCHFLOW_DATA_DIR: '.matchflow', DATABASE_POOL_SIZE: 10 });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('when DATABASE_POOL_SIZE is set, then each process keeps that many connections at most; zero or a word is named', () => {
    expect(parseConfig({ ...good, DATABASE_POOL_SIZE: '4' }).DATABASE_POOL_SIZE).toBe(4);
    expect(() => parseConfig({ ...good, DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => parseConfig({ ...good, DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('when CORS_ORIGINS lists origins or *, then it parses; a non-URL origin is named', () => {
    expect(parseConfig({ ...good, CORS_ORIGINS: 'https://a.example, https://b.example' }).CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(parseConfig({ ...good, CORS_ORIGINS: '*' }).CORS_ORIGINS).toBe('*');
    expect(() => parseConfig({ ...good, CORS_ORIGINS: 'game.example.com' })).toThrow(/CORS_ORIGINS/);
  });

  it('when variables are bad, then one error names every one of them', () => {
    expect(() => parseConfig({ ...good, PORT: 'eighty', TOKEN_KEY: 'short' })).toThrow(ConfigError);
    try {
      parseConfig({ ...good, PORT: 'eighty', TOKEN_KEY: 'short', ADMIN_TOKEN: undefined });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT:/);
      expect((err as Error).message).toMatch(/TOKEN_KEY: must be 32 bytes/);
      expect((err as Error).message).toMatch(/ADMIN_TOKEN:/);
    }
    expect.assertions(4);
  });

  it('when PLATFORM_SIGNING_KEY is PEM, escaped PEM or base64 PEM, then it parses; empty means off; junk is named without being echoed', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const form of [pem, pem.replace(/\n/g, '\\n'), Buffer.from(pem).toString('base64')]) {
      expect(SigningKeys.fromText(parseConfig({ ...good, PLATFORM_SIGNING_KEY: form }).PLATFORM_SIGNING_KEY!).publicKeyBase64).toMatch(/^MII/);
    }
    expect(parseConfig({ ...good, PLATFORM_SIGNING_KEY: '' }).PLATFORM_SIGNING_KEY).toBeUndefined();
    const junk = 'c2VjcmV0LXRoYXQtaXMtbm90LWEta2V5';
    expect(() => parseConfig({ ...good, PLATFORM_SIGNING_KEY: junk })).toThrow(/PLATFORM_SIGNING_KEY: not a usable RSA private key/);
    expect(() => parseConfig({ ...good, PLATFORM_SIGNING_KEY: junk })).not.toThrow(new RegExp(junk));
  });

  it('when TRUST_PROXY is a hop count, a list of proxies, true or false, then it parses to what Express expects; anything else is named', () => {
    expect(parseConfig({ ...good, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ ...good, TRUST_PROXY: '10.0.0.0/8, loopback' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'loopback']);
    expect(parseConfig({ ...good, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseConfig(good).TRUST_PROXY).toBe(false);
    expect(() => parseConfig({ ...good, TRUST_PROXY: 'my proxy' })).toThrow(/TRUST_PROXY/);
  });

  it('when paid matches are on and the API listens beyond this machine, then PUBLIC_URL is required; on loopback it may be left out', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseConfig({ ...good, PLATFORM_SIGNING_KEY: key, HOST: '0.0.0.0' })).toThrow(/PUBLIC_URL: is required for paid matches/);
    expect(parseConfig({ ...good, PLATFORM_SIGNING_KEY: key, HOST: '0.0.0.0', PUBLIC_URL: 'https://api.example.com' }).PUBLIC_URL).toBe('https://api.example.com');
    expect(parseConfig({ ...good, PLATFORM_SIGNING_KEY: key }).HOST).toBe('127.0.0.1');
    expect(parseConfig({ ...good, HOST: '0.0.0.0' }).PUBLIC_URL).toBeUndefined();
  });
});
