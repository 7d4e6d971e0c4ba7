import pino from 'pino';

export type Logger = pino.Logger;

/** One JSON line per event. Secret-bearing fields are redacted wherever they appear. */
export function createLogger(level: string, name = 'matchflow', destination: 1 | 2 = 1): Logger {
  return pino(
    {
    name,
    level,
    base: { pid: process.pid },
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers["x-padrone-auth"]', '*.password', '*.testKey', '*.serverToken',
        '*.projectServerToken', '*.adminToken', '*.token', '*.secret', '*.clientSecret',
      ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: destination, sync: destination === 2 }),
  );
}
