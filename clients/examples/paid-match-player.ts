import { failure, type MatchflowClient } from '../matchflow-client';

/**
 * A player's side of a paid 1v1 through the typed client (`/platform/v1`, with their client token): the host opens
 * the lobby and takes team 1, the guest takes team 2, both confirm (the fees move to escrow), and once the game has
 * accepted the match each gets the launch URL with their match token. Answers the match id and both launch URLs.
 */
export async function playPaidDuel(host: MatchflowClient, guest: MatchflowClient, entryFee: number) {
  const created = await host.POST('/platform/v1/matches', { body: { entryFee, teams: 2, teamSize: 1 }, headers: { 'idempotency-key': `duel-${Date.now()}` } });
  if (!created.data) throw failure('open the lobby', created);
  const matchId = created.data.matchId;
  const path = { params: { path: { matchId } } };
  const joined = await guest.POST('/platform/v1/matches/{matchId}/join', { ...path, body: { teamId: '2' } });
  if (!joined.data) throw failure('join team 2', joined);
  for (const player of [host, guest]) {
    const confirmed = await player.POST('/platform/v1/matches/{matchId}/confirm', path);
    if (!confirmed.data) throw failure('confirm', confirmed);
  }
  for (;;) {
    const read = await host.GET('/platform/v1/matches/{matchId}', path);
    if (!read.data) throw failure('read the match', read);
    if (read.data.state === 'live') break;
    if (['refunded', 'cancelled', 'expired'].includes(read.data.state)) throw new Error(`the match ended ${read.data.state}: ${read.data.reason ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const launches = await Promise.all([host, guest].map(async (player) => {
    const launch = await player.GET('/platform/v1/matches/{matchId}/launch', path);
    if (!launch.data) throw failure('launch', launch);
    return launch.data;
  }));
  return { matchId, launches };
}
