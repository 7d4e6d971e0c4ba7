import { call } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let withCors: Stack;
let without: Stack;
beforeAll(async () => {
  [withCors, without] = await Promise.all([startStack({ worker: false, env: { CORS_ORIGINS: 'https://game.example.com' } }), startStack({ worker: false })]);
});
afterAll(() => Promise.all([withCors.stop(), without.stop()]));

describe('CORS for browser builds', () => {
  it('when CORS_ORIGINS names the game\'s origin, then preflights for the API headers pass and other origins get no grant', async () => {
    const preflight = await call('OPTIONS', `${withCors.url}/v1a/client/match`, {
      headers: { origin: 'https://game.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://game.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-padrone-auth');
    const stranger = await call('GET', `${withCors.url}/healthz`, { headers: { origin: 'https://evil.example.com' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when CORS_ORIGINS is unset, then no CORS headers are sent', async () => {
    const res = await call('GET', `${without.url}/healthz`, { headers: { origin: 'https://game.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
