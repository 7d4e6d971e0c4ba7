import { freeListenPorts, freeNodeOffsets, nodePorts } from '../../scripts/ports';

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
