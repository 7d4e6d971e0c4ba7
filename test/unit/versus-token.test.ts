import { tokenForSeed } from '../../clients/versus-handshake';
import { isVersusToken, newVersusSeed, secretFingerprint, versusToken } from '../../domain/versus/tokens';

describe('Versus token hash', () => {
  // Expected values computed independently: Python's hashlib.sha1 and coreutils' sha1sum over the exact JSON text.
  it.each([
    ['0b6f1f0e-8f3a-4d6e-9a41-3c2d1e0f9a77', '9f86d081884c7d659a2feaa0c55ad015', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', 'ef5993f3da4db5a3325a172ef6ebdbf2115f2655'],
    ['g', 's', 'x', '52996af223d7407a2bf88bd9863de038ccbf0ec5'],
  ])('when game %s, secret %s and seed %s are hashed, then the token is %s', (game, secret, seed, expected) => {
    expect(versusToken(game, secret, seed)).toBe(expected);
    expect(tokenForSeed(game, secret, seed)).toBe(expected);
  });

  it('when seeds are made, then each is 40 fresh hex characters', () => {
    const seeds = new Set(Array.from({ length: 100 }, newVersusSeed));
    expect(seeds.size).toBe(100);
    for (const s of seeds) expect(s).toMatch(/^[0-9a-f]{40}$/);
  });

  it('when a secret changes, then its fingerprint changes, and a fingerprint does not contain the secret', () => {
    expect(secretFingerprint('a')).not.toBe(secretFingerprint('b'));
    expect(secretFingerprint('secret-value')).not.toContain('secret-value');
    expect(isVersusToken(versusToken('g', 's', 'x'))).toBe(true);
    expect(isVersusToken('../../etc')).toBe(false);
  });
});
