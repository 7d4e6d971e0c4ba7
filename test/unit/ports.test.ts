import { freeListenPorts, freeNodeOffsets } from '../../scripts/ports';

/** Every port a Temporal node at `offset` binds (scripts/ports.ts NODE_PORTS). */
const nodePorts = (offset: number) => [7233, 7234, 7235, 7239, 7243, 6933, 6934, 6935, 6939].map((p) => p + offset);

describe('ports for processes that bind later', () => {
  it('when offsets for many Temporal nodes are picked, then no two nodes share a port (offsets 300 apart would)', async () => {
    const offsets = await freeNodeOffsets(10);
    const ports = offsets.flatMap(nodePorts);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('when ports are picked, then they are distinct and below the ephemeral range, where no outgoing connection takes them', async () => {
    const ports = await freeListenPorts(20);
    expect(new Set(ports).size).toBe(20);
    expect(Math.max(...ports)).toBeLessThan(32_768);
  });
});
