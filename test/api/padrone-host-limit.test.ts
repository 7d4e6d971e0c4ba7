import type { Project } from '../../domain/projects';
import { call, eventually } from '../helpers/http';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let project: Project;
beforeAll(async () => {
  stack = await startStack({ env: { HOSTS_PER_PLAYER: '2' } });
  project = await stack.createProject();
});
afterAll(() => stack.stop());

const as = (n: number) => ({ 'x-padrone-auth': Buffer.from(`test:${project.testKey},${n}`).toString('base64') });
const app = (path: string) => `${stack.url}/projects/${project.id}/app${path}`;
const register = (n: number, external: string) =>
  call('POST', app('/register-host'), { headers: as(n), body: { hostName: external, peerInfo: { external, internal: external }, isPrivate: false, version: 'cap', maxPlayers: 4 } });
const listed = () => call('GET', app('/list-hosts?version=cap'), { headers: as(99) });

describe('hosts per player', () => {
  it('when a player registers more hosts than HOSTS_PER_PLAYER, then 406 says so; re-registering one, or another player, still works', async () => {
    expect((await register(1, '10.30.0.1:1')).status).toBe(200);
    expect((await register(1, '10.30.0.2:1')).status).toBe(200);
    await eventually(listed, (r) => r.body.length === 2);
    const third = await register(1, '10.30.0.3:1');
    expect([third.status, third.body.error]).toEqual([406, 'you already run 2 hosts; unregister one first']);
    expect((await register(1, '10.30.0.2:1')).status).toBe(200);
    expect((await register(2, '10.30.0.3:1')).status).toBe(200);

    expect((await call('POST', app('/unregister-host'), { headers: as(1), body: { externalEndpoint: '10.30.0.1:1' } })).status).toBe(200);
    await eventually(listed, (r) => !r.body.some((h: { name: string }) => h.name === '10.30.0.1:1'));
    expect((await register(1, '10.30.0.4:1')).status).toBe(200);
  });

  it('when one player registers ten hosts at once, then no more than HOSTS_PER_PLAYER go through', async () => {
    const statuses = (await Promise.all(Array.from({ length: 10 }, (_, i) => register(7, `10.31.0.${i + 1}:1`)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2);
    expect(statuses.filter((s) => s !== 200 && s !== 406)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    const mine = (await listed()).body.filter((h: { name: string }) => h.name.startsWith('10.31.'));
    expect(mine.length).toBeLessThanOrEqual(2);
  });
});
