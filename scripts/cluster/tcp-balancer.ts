import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  address: string;
  /** Connections handed to each target so far. */
  connections: Record<string, number>;
  close(): Promise<void>;
}

/**
 * What a Kubernetes Service or a cloud load balancer does for Temporal's frontends: each new connection goes to
 * the next frontend in turn, and one that refuses it is skipped. gRPC clients keep a connection open, so a
 * client moves to another frontend when its own goes away and it reconnects.
 */
export async function startTcpBalancer(host: string, port: number, targets: string[]): Promise<TcpBalancer> {
  let next = 0;
  const connections: Record<string, number> = Object.fromEntries(targets.map((t) => [t, 0]));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const start = next++ % targets.length;
    const attempt = (tried: number) => {
      if (tried === targets.length) return client.destroy();
      const target = targets[(start + tried) % targets.length]!;
      const [h, p] = splitHostPort(target);
      const upstream = createConnection({ host: h, port: p });
      let connected = false;
      upstream.on('error', () => (connected ? client.destroy() : attempt(tried + 1)));
      upstream.once('connect', () => {
        connected = true;
        connections[target]!++;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    address: `${host}:${port}`,
    connections,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

export function splitHostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}
