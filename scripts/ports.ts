import { createServer } from 'node:net';

/** A Temporal node's ports: these plus its offset (frontend gRPC and HTTP, history, matching, worker, membership). */
export const nodePorts = (offset: number) => [7233, 7234, 7235, 7239, 7243, 6933, 6934, 6935, 6939].map((p) => p + offset);

/*
 * Ports a process binds later (after others start) or again (after a kill) are picked below Linux's ephemeral
 * range (32768 and up). A port the OS handed out for listen(0) is ephemeral: by the time an API process binds it,
 * an outgoing connection (to PostgreSQL, to Temporal) may hold it as its local port, and the API fails with
 * EADDRINUSE. That happened in CI. Temporal nodes sit at offsets 10,000-25,000 (ports 16,933 and up); single
 * ports below them.
 */
const NODE_OFFSETS = { first: 10_000, last: 25_000, step: 100 };
const SINGLE_PORTS = { first: 10_000, last: 16_900 };

/**
 * `count` port offsets at which every port of a node is free, and no two nodes share a port: offsets 300 apart
 * would (one node's membership port 6933 + 300 is the other's frontend 7233), and a node failed to start so.
 */
export async function freeNodeOffsets(count: number): Promise<number[]> {
  const offsets: number[] = [];
  const taken = new Set<number>();
  const slots = (NODE_OFFSETS.last - NODE_OFFSETS.first) / NODE_OFFSETS.step;
  for (let slot = randomBelow(slots), tried = 0; offsets.length < count; slot = (slot + 1) % slots, tried++) {
    if (tried > slots) throw new Error('no free port offset for a Temporal node');
    const offset = NODE_OFFSETS.first + slot * NODE_OFFSETS.step;
    const ports = nodePorts(offset);
    if (ports.some((p) => taken.has(p)) || !(await Promise.all(ports.map((p) => isFree(p)))).every(Boolean)) continue;
    offsets.push(offset);
    for (const p of ports) taken.add(p);
  }
  return offsets;
}

/** `count` distinct free ports on `host` that no outgoing connection can take before their process binds them. */
export async function freeListenPorts<N extends number>(count: N, host = '127.0.0.1'): Promise<Ports<N>> {
  const ports: number[] = [];
  const span = SINGLE_PORTS.last - SINGLE_PORTS.first;
  for (let i = randomBelow(span), tried = 0; ports.length < count; i = (i + 1) % span, tried++) {
    if (tried > span) throw new Error('no free port below the ephemeral range');
    const port = SINGLE_PORTS.first + i;
    if (await isFree(port, host)) ports.push(port);
  }
  return ports as Ports<N>;
}

/** N numbers, so `const [a, b] = await freeListenPorts(2)` types both as ports. */
type Ports<N extends number, T extends number[] = []> = T['length'] extends N ? T : Ports<N, [...T, number]>;

/** One port, as freeListenPorts. */
export const freeListenPort = async (host = '127.0.0.1') => (await freeListenPorts(1, host))[0];

// Random starts keep parallel test files (jest workers) from probing the same ports at once.
const randomBelow = (n: number) => Math.floor(Math.random() * n);

function isFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
