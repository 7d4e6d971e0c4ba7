import { randomBytes } from 'node:crypto';
import { verifySteamTicket } from '../../api/auth/steam';
import type { Project } from '../../domain/projects';
import { buildEncryptedAppTicket } from '../fakes/steam-ticket';

const key = randomBytes(32);
const project: Project = {
  id: 'p', name: 'g', revision: 0, serverToken: 's', createdAt: '', itch: { apiBaseUrl: 'http://x' },
  steam: { appId: 480, ticketKey: key.toString('hex') }, versus: { gameUuid: 'g', developerUuid: 'd', apiSecret: 's' }, groupingRule: { kind: 'arrival' }, padrone: { admins: [], developers: [] },
};
const steamId64 = '76561197960287930';

describe('Steam encrypted app tickets', () => {
  it('when the ticket is fresh and for our app, then the player is the ticket\'s Steam id (hex or base64)', () => {
    const ticket = buildEncryptedAppTicket({ key, appId: 480, steamId64 });
    for (const text of [ticket.toString('hex'), ticket.toString('base64')]) {
      expect(verifySteamTicket(project, text, 3600)).toEqual({ ok: true, identity: { backend: 'steam', externalId: steamId64 } });
    }
  });

  it('when the ticket is for another app, then it is refused', () => {
    const ticket = buildEncryptedAppTicket({ key, appId: 481, steamId64 });
    expect(verifySteamTicket(project, ticket.toString('hex'), 3600)).toEqual({ ok: false, error: 'the Steam ticket is for another app' });
  });

  it('when the ticket is older than the allowed age, then it has expired', () => {
    const ticket = buildEncryptedAppTicket({ key, appId: 480, steamId64, issuedAt: new Date(Date.now() - 7200_000) });
    expect(verifySteamTicket(project, ticket.toString('hex'), 3600)).toEqual({ ok: false, error: 'the Steam ticket has expired' });
    expect(verifySteamTicket(project, ticket.toString('hex'), 3 * 3600).ok).toBe(true);
  });

  it('when the ticket was sealed with another key or is garbage, then it cannot be decrypted', () => {
    const foreign = buildEncryptedAppTicket({ key: randomBytes(32), appId: 480, steamId64 });
    expect(verifySteamTicket(project, foreign.toString('hex'), 3600).ok).toBe(false);
    expect(verifySteamTicket(project, 'deadbeef', 3600)).toEqual({ ok: false, error: 'the Steam ticket could not be decrypted' });
  });

  it('when the project has no Steam settings, then Steam login is refused', () => {
    const ticket = buildEncryptedAppTicket({ key, appId: 480, steamId64 });
    expect(verifySteamTicket({ ...project, steam: {} }, ticket.toString('hex'), 3600).ok).toBe(false);
  });
});

describe('forged Steam tickets', () => {
  it('when a well-formed ticket is sealed under another key, then it is refused without crashing the process', async () => {
    // The library's own decrypt would emit an unhandled 'error' event here; surviving a tick proves the guard.
    for (let i = 0; i < 20; i++) {
      const foreign = buildEncryptedAppTicket({ key: randomBytes(32), appId: 480, steamId64 });
      expect(verifySteamTicket(project, foreign.toString('hex'), 3600).ok).toBe(false);
    }
    await new Promise((r) => setTimeout(r, 50));
  });

  it('when the protobuf is truncated or nonsense, then it is refused', () => {
    const ticket = buildEncryptedAppTicket({ key, appId: 480, steamId64 });
    expect(verifySteamTicket(project, ticket.subarray(0, ticket.length - 7).toString('hex'), 3600).ok).toBe(false);
    expect(verifySteamTicket(project, randomBytes(300).toString('hex'), 3600).ok).toBe(false);
  });
});
