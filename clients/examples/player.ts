import { failure, matchflowClient, type MatchflowClient, type Schemas } from '../matchflow-client';

type Login = Schemas['AuthRequest'];
type MatchRequest = Schemas['MatchRequest'];

/**
 * A game client's whole match through the typed client: log in, ask for a match, poll its status until it is
 * answered, and report the result (one rank per team, 0 = first). Answers the final status and, when matched, the
 * player's client for what comes next (`GET /v1a/client/info/stats` reads the new rating once the session settles).
 */
export async function playOneMatch(api: string, login: Login, ask: MatchRequest, ranks: number[]) {
  const anonymous = matchflowClient(api);
  const auth = await anonymous.POST('/v1a/client/auth', { body: login });
  if (auth.data?.status !== 'authenticated') throw failure('log in', auth.data?.status === 'notAuthenticated' ? { error: { error: auth.data.error }, response: auth.response } : auth);

  const player = matchflowClient(api, { bearer: auth.data.clientToken });
  const asked = await player.POST('/v1a/client/match', { body: ask });
  if (!asked.data) throw failure('ask for a match', asked);
  const matchToken = asked.data.matchToken;

  let status = await readStatus(player, matchToken);
  while (status.status === 'inProgress') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    status = await readStatus(player, matchToken);
  }
  if (status.status !== 'matched') return { status };

  const reported = await player.POST('/v1a/client/session/{sessionToken}/result', {
    params: { path: { sessionToken: status.session.sessionToken } }, body: { status: 'finished', ranks },
  });
  if (reported.error) throw failure('report the result', reported);
  return { status, player };
}

async function readStatus(player: MatchflowClient, matchToken: string) {
  const read = await player.GET('/v1a/client/match/{matchToken}', { params: { path: { matchToken } } });
  if (!read.data) throw failure('read the match status', read);
  return read.data;
}
