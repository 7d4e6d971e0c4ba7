import type { Project } from '../../domain/projects';
import { safeEqual } from '../../domain/secrets';
import type { ClientAuth } from '../../domain/matchmaking/v1a';
import { rejected, type AuthOutcome } from './identity';
import { verifyItch } from './itch';
import { verifySteamTicket } from './steam';

export interface ProviderSettings {
  steamTicketMaxAgeSeconds: number;
  providerTimeoutMs: number;
}

/** Runs the one backend the request names (the schema guarantees exactly one). */
export async function authenticate(project: Project, auth: ClientAuth, s: ProviderSettings): Promise<AuthOutcome> {
  if (auth.testKey !== undefined && auth.testId !== undefined) return verifyTestKey(project, auth.testKey, auth.testId);
  if (auth.itchJwtToken !== undefined) return verifyItch(project, 'jwt', auth.itchJwtToken, s.providerTimeoutMs);
  if (auth.itchApiKey !== undefined) return verifyItch(project, 'apiKey', auth.itchApiKey, s.providerTimeoutMs);
  if (auth.steamEncryptedTicket !== undefined) return verifySteamTicket(project, auth.steamEncryptedTicket, s.steamTicketMaxAgeSeconds);
  return rejected('no credentials');
}

function verifyTestKey(project: Project, testKey: string, testId: string): AuthOutcome {
  if (!project.testKey) return rejected('test keys are disabled for this project (testKey: false): log in with another backend, or turn them on with `project -- update <id> --test-key`');
  if (!safeEqual(testKey, project.testKey)) return rejected('wrong test key for this project: use the testKey that `npm run project -- show <projectId> --reveal` prints');
  return { ok: true, identity: { backend: 'test', externalId: testId, name: testId } };
}
