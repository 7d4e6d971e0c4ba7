import { createServer } from 'node:net';

/** A Temporal node's ports are these plus its offset (frontend gRPC and HTTP, history, matching, worker, membership). */
const NODE_PORTS = [7233, 7234, 7235, 7239, 7243, 6933, 6934, 6935, 6939];

/**
 * `count` port offsets at which every port of a node is free, below the ephemeral range (32768 and up) so an
 * outgoing connection cannot take one later.
 */
export async function freeNodeOffsets(count: number): Promise<number[]> {
  const offsets: number[] = [];
  for (let offset = 10_000 + Math.floor(Math.random() * 100) * 100; offsets.length < count; offset += 100) {
    if (offset > 25_000) offset = 10_000;
    if ((await Promise.all(NODE_PORTS.map((p) => isFree(p + offset)))).every(Boolean)) offsets.push(offset);
  }
  return offsets;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
