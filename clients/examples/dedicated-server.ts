import { failure, matchflowClient } from '../matchflow-client';

export interface ServerCredentials {
  projectId: string;
  projectServerToken: string;
}

/**
 * A dedicated server's side through the typed client: offer itself for one session of its tag, wait until a session
 * is placed on it, then report that session's result (final: a server's report settles the session).
 */
export async function hostOneSession(api: string, credentials: ServerCredentials, name: string, serverTag: string, ranks: number[]) {
  const server = matchflowClient(api);
  const offered = await server.POST('/v1a/server/match', { body: { ...credentials, name, serverTag, info: { address: '203.0.113.9:7777' }, timeout: 60 } });
  if (offered.error) throw failure('offer the server', offered);

  for (;;) {
    const listed = await server.POST('/v1a/server/match/sessions', { body: { ...credentials, name } });
    if (!listed.data) throw failure('list the server\'s sessions', listed);
    const session = listed.data.sessions[0];
    if (session) {
      const reported = await server.POST('/v1a/server/session/{serverSessionToken}/result', {
        params: { path: { serverSessionToken: session.serverSessionToken } }, body: { status: 'finished', ranks },
      });
      if (reported.error) throw failure('report the result', reported);
      return session;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
