import { scrubUrl } from '../../api/request-log';

describe('request log URLs', () => {
  it('when a URL carries a token in its path or query, then the logged URL does not', () => {
    const token = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def-ghi_jkl';
    expect(scrubUrl(`/v1a/client/match/${token}`)).toBe('/v1a/client/match/[token]');
    expect(scrubUrl(`/v1a/server/session/${token}/result`)).toBe('/v1a/server/session/[token]/result');
    expect(scrubUrl('/api/v2/games/g/session?developer_uuid=d&token=abc123')).toBe('/api/v2/games/g/session?developer_uuid=d&token=[redacted]');
  });

  it('when a URL carries no secret, then it is logged as it is', () => {
    expect(scrubUrl('/app/list-hosts?version=1.0&limit=10')).toBe('/app/list-hosts?version=1.0&limit=10');
  });
});
