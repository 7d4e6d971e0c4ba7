import { Writable } from 'node:stream';
import express from 'express';
import { requestLog } from '../../api/request-log';
import { createLogger } from '../../core/log';

/** A logger writing into memory, and what it wrote. */
function capture() {
  const lines: string[] = [];
  const out = new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) });
  return { log: createLogger('info', 'test', out), text: () => lines.join('') };
}

describe('logs', () => {
  it('when an error carries its query and parameters (as PGlite errors do), then the line holds its message and code, never the parameters', () => {
    const { log, text } = capture();
    const err = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505', query: 'insert into projects (server_token) values ($1)', params: ['s3cr3t-server-token'], detail: 'Key (id)=(x) already exists',
    });
    log.error({ err }, 'insert failed');
    log.warn({ error: err }, 'activity failed');
    expect(text()).toContain('duplicate key value');
    expect(text()).toContain('23505');
    expect(text()).not.toContain('s3cr3t-server-token');
    expect(text()).not.toContain('insert into projects');
  });

  it('when an object with secrets is logged, then every secret field is redacted, however deep', () => {
    const { log, text } = capture();
    log.info({
      project: { serverToken: 'tok-1', testKey: 'key-2', platform: { clientSecret: 'cs-3' }, padrone: { admins: [{ username: 'ops', passwordHash: 'scrypt$salt$hash-4' }] } },
      token: 'tok-5', body: { password: 'pw-6', client_secret: 'cs-7' },
    }, 'settings');
    for (const secret of ['tok-1', 'key-2', 'cs-3', 'hash-4', 'tok-5', 'pw-6', 'cs-7']) expect(text()).not.toContain(secret);
    expect(text()).toContain('[redacted]');
  });

  it('when a secret sits twenty levels deep, then it is redacted too', () => {
    const { log, text } = capture();
    const deep = Array.from({ length: 20 }).reduce<object>((inner) => ({ level: inner }), { clientSecret: 'deep-secret' });
    log.info({ deep }, 'deep');
    expect(text()).not.toContain('deep-secret');
  });

  it('when a request is logged, then its line keeps the status the response was sent with', async () => {
    const { log, text } = capture();
    const app = express().use(requestLog(log)).get('/x', (_req, res) => void res.status(204).end());
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    await fetch(`http://127.0.0.1:${port}/x`);
    server.close();
    expect(text()).toContain('"statusCode":204');
  });
});
