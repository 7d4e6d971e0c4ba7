import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { EncryptJWT, SignJWT } from 'jose';
import { ACCESS_SCOPE, SigningKeys } from '../../domain/paid-matches/signing-keys';
import { TokenSealer } from '../../domain/tokens';

const key = randomBytes(32);
const sealer = new TokenSealer(key);
const client = { projectId: 'p1', playerId: 'test:alice', name: 'alice' };

describe('client and match tokens', () => {
  it('when a client token is sealed, then it opens to the same claims', async () => {
    const token = await sealer.sealClient(client, 60);
    expect(await sealer.openClient(token)).toEqual(client);
  });

  it('when a token is sealed, then it does not reveal its claims in clear text', async () => {
    const token = await sealer.sealClient(client, 60);
    const readable = token.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1')).join(' ');
    expect(readable).not.toContain('alice');
    expect(readable).not.toContain('p1');
  });

  it('when a match token is offered as a client token (or the reverse), then it is refused', async () => {
    const match = await sealer.sealMatch({ projectId: 'p1', playerId: 'test:alice', ticketId: 't1' }, 60);
    expect(await sealer.openClient(match)).toBeUndefined();
    expect(await sealer.openMatch(await sealer.sealClient(client, 60))).toBeUndefined();
    expect(await sealer.openMatch(match)).toEqual({ projectId: 'p1', playerId: 'test:alice', ticketId: 't1', deadline: undefined });
  });

  it('when a token is tampered with, sealed under another key, expired or garbage, then it is refused', async () => {
    const token = await sealer.sealClient(client, 60);
    const parts = token.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[3] = flipped.toString('base64url');
    expect(await sealer.openClient(parts.join('.'))).toBeUndefined();
    expect(await new TokenSealer(randomBytes(32)).openClient(token)).toBeUndefined();
    expect(await sealer.openClient(await sealer.sealClient(client, -10))).toBeUndefined();
    expect(await sealer.openClient('not-a-token')).toBeUndefined();
    expect(await sealer.openClient('x'.repeat(5000))).toBeUndefined();
  });

  it('when a token made under the right key carries no expiry, then it is refused', async () => {
    const forever = await new EncryptJWT({ p: 'p1', s: 'test:alice', k: 'client' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key);
    expect(await sealer.openClient(forever)).toBeUndefined();
    const expiring = await new EncryptJWT({ p: 'p1', s: 'test:alice', k: 'client' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setExpirationTime('1m').encrypt(key);
    expect(await sealer.openClient(expiring)).toEqual({ projectId: 'p1', playerId: 'test:alice', name: undefined });
  });

  it('when a game access token signed by the platform key carries no expiry, then it is refused', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keys = new SigningKeys(privateKey);
    const claims = { typ: 'Bearer', azp: 'game-1', scope: ACCESS_SCOPE };
    const forever = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await keys.verifyAccessToken(forever)).toBeUndefined();
    expect(await keys.verifyAccessToken(await keys.signAccessToken('https://x', 'game-1', 60))).toEqual({ clientId: 'game-1' });
  });

  it('when the key is not 32 bytes, then the sealer refuses to exist', () => {
    expect(() => new TokenSealer(randomBytes(16))).toThrow('32 bytes');
  });
});
