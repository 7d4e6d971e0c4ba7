import express from 'express';
import { serve } from './serve';

/**
 * A local Steam Web API with the three calls Padrone makes, in their documented shapes:
 * ISteamUserAuth/AuthenticateUserTicket/v1 → {response:{params:{result:"OK",steamid}}} or {response:{error}},
 * ISteamUser/CheckAppOwnership/v2 → {appownership:{ownsapp}}, ISteamUser/GetPlayerSummaries/v2 → {response:{players}}.
 */
export interface FakeSteam {
  url: string;
  webApiKey: string;
  tickets: Map<string, string>;
  owners: Set<string>;
  names: Map<string, { personaname: string; avatarfull: string }>;
  failWith?: number;
  calls: number;
  close(): Promise<void>;
}

export async function startFakeSteam(appId: number): Promise<FakeSteam> {
  const fake = { webApiKey: 'steam-publisher-key', tickets: new Map(), owners: new Set(), names: new Map(), calls: 0 } as unknown as FakeSteam;
  const app = express();
  app.use((req, res, next) => {
    fake.calls++;
    if (fake.failWith) return void res.status(fake.failWith).send('Service Unavailable');
    if (req.query.key !== fake.webApiKey) return void res.status(403).send('<html>Forbidden</html>');
    next();
  });
  app.get('/ISteamUserAuth/AuthenticateUserTicket/v1/', (req, res) => {
    const steamid = fake.tickets.get(String(req.query.ticket).toLowerCase());
    const ok = steamid && Number(req.query.appid) === appId;
    res.json(ok
      ? { response: { params: { result: 'OK', steamid, ownersteamid: steamid, vacbanned: false, publisherbanned: false } } }
      : { response: { error: { errorcode: 101, errordesc: 'Invalid ticket' } } });
  });
  app.get('/ISteamUser/CheckAppOwnership/v2/', (req, res) => {
    const owns = fake.owners.has(String(req.query.steamid)) && Number(req.query.appid) === appId;
    res.json({ appownership: { ownsapp: owns, permanent: owns, timestamp: '2026-01-01T00:00:00Z', ownersteamid: owns ? req.query.steamid : '0', result: 'OK' } });
  });
  app.get('/ISteamUser/GetPlayerSummaries/v2/', (req, res) => {
    const steamid = String(req.query.steamids);
    const me = fake.names.get(steamid);
    res.json({ response: { players: me ? [{ steamid, ...me }] : [] } });
  });
  const served = await serve(app);
  return Object.assign(fake, served);
}
