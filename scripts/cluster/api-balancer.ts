import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ApiBalancer {
  url: string;
  /** Requests each API process answered. */
  answered: Record<string, number>;
  close(): Promise<void>;
}

/** A request body larger than the API accepts anywhere; the API itself answers 413 below this. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The load balancer in front of the API processes, as nginx or a cloud load balancer would be: each request
 * goes to the next API in turn; one that refuses the connection (down, restarting) is skipped and the request
 * is sent to the next, as `proxy_next_upstream error` does. X-Forwarded-For carries the caller's address.
 */
export async function startApiBalancer(host: string, port: number, targets: string[]): Promise<ApiBalancer> {
  let next = 0;
  const answered: Record<string, number> = Object.fromEntries(targets.map((t) => [t, 0]));
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (body === 'aborted') return void res.destroy();
      if (body === 'too large') return void res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"request body too large"}');
      forward(req, res, body, next++ % targets.length, 0);
    });
  });
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, start: number, tried: number) => {
    if (tried === targets.length) return void res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"no API process answers"}');
    const target = targets[(start + tried) % targets.length]!;
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(`${target}${req.url}`, {
      method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwardedFor, 'x-forwarded-host': req.headers.host, 'content-length': String(body.length) },
    }, (answer) => {
      answered[target]!++;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      // Only a refused connection is safe to send elsewhere: nothing reached that process.
      if (err.code === 'ECONNREFUSED') return forward(req, res, body, start, tried + 1);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"the API process went away"}');
      else res.destroy();
    });
    upstream.end(body);
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    url: `http://${host}:${port}`,
    answered,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The whole body: a request is only sent on once it can be sent again to another API. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too large' : Buffer.concat(chunks)));
    // The caller went away mid-body: nothing to send on.
    req.on('error', () => resolve('aborted'));
  });
}
