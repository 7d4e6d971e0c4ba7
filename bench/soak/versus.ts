import { versusToken } from '../../domain/versus/tokens';
import type { Soak } from './context';
import { sleep } from './processes';

/** A Versus game backend: seed, activate, verify a few times, again and again (COMPAT.md §4). */
export async function versusGame(soak: Soak, n: number): Promise<void> {
  const { gameUuid, developerUuid, apiSecret } = soak.project.versus;
  const path = `/api/v2/games/${gameUuid}/session`;
  const ip = `10.120.${n}.1`;
  while (soak.running()) {
    const seed = await soak.traffic.send('versus', `${path}?developer_uuid=${developerUuid}`, { ip });
    if (seed?.status === 401 && seed.body.session?.seed) {
      const token = versusToken(gameUuid, apiSecret, seed.body.session.seed);
      const activated = await soak.traffic.send('versus', path, { ip, method: 'PUT', body: { developer_uuid: developerUuid, token } });
      if (activated?.status === 200) {
        for (let i = 0; i < 3 && soak.running(); i++) {
          await sleep(500);
          await soak.traffic.send('versus', `${path}?developer_uuid=${developerUuid}&token=${token}`, { ip });
        }
      }
    }
    await sleep(1000 + Math.random() * 1000);
  }
}
