import express from 'express';
import { call } from '../helpers/http';
import { serve } from './serve';
import { bearerVerifier, type DeveloperConfig } from '../../clients/fake-game';

export type { DeveloperConfig };

/**
 * A partner game's backend, as OkLetsPlay's partner docs describe it (COMPAT.md §3). It receives the
 * platform's `PUT`/`DELETE {match-info-url}` and checks the bearer token against the key published at
 * `public_key_url`, the way a game would. Tests script its answers: 200, 500, 404, or never answering.
 * It also plays the game's side of the platform API: client-credentials login, token-info and finish.
 */

export type ScriptedAnswer = 200 | 500 | 404 | 'hang';

export interface MatchInfoCall {
  method: 'PUT' | 'DELETE';
  body: any;
  /** The bearer verified with the published key, for this game (audience) and this match. */
  verified: boolean;
  idempotencyKey?: string;
}

export class FakeGameBackend {
  readonly calls: MatchInfoCall[] = [];
  /** Answers for the next PUTs, in order; 200 once they run out. */
  answers: ScriptedAnswer[] = [];
  private server?: { url: string; close(): Promise<void> };
  private hanging: (() => void)[] = [];
  private accessToken?: { value: string; until: number };
  /** The address its logins claim to come from (X-Forwarded-For), for a stack that trusts proxies. */
  forwardedFor?: string;

  /** What a game does: the platform's RS256 bearer checked with the published key, for this game and match (clients/fake-game.ts). */
  private readonly verifyBearer: ReturnType<typeof bearerVerifier>;

  constructor(readonly config: DeveloperConfig) {
    this.verifyBearer = bearerVerifier(config);
  }

  get matchInfoUrl(): string {
    return `${this.server!.url}/okletsplay/match-info`;
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());
    app.put('/okletsplay/match-info', async (req, res) => {
      this.calls.push({ method: 'PUT', body: req.body, verified: await this.verify(req.headers.authorization, req.body?.match_id), idempotencyKey: req.get('idempotency-key') });
      const answer = this.answers.shift() ?? 200;
      if (answer === 'hang') return void this.hanging.push(() => res.status(200).end());
      res.status(answer).json(answer === 200 ? { ok: true } : { error: 'scripted failure' });
    });
    app.delete('/okletsplay/match-info', async (req, res) => {
      this.calls.push({ method: 'DELETE', body: req.body, verified: await this.verify(req.headers.authorization, req.body?.match_id), idempotencyKey: req.get('idempotency-key') });
      res.status(200).json({ ok: true });
    });
    this.server = await serve(app);
    return this;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging.splice(0)) release();
    await this.server?.close();
  }

  callsFor(matchId: string, method?: 'PUT' | 'DELETE'): MatchInfoCall[] {
    return this.calls.filter((c) => c.body?.match_id === matchId && (!method || c.method === method));
  }

  private async verify(authorization: string | undefined, matchId: unknown): Promise<boolean> {
    return !(await this.verifyBearer(authorization, typeof matchId === 'string' ? matchId : undefined));
  }

  /** OAuth2 client credentials, form-encoded, as the partner docs prescribe; cached until it expires. */
  async login(): Promise<string> {
    if (this.accessToken && this.accessToken.until > Date.now()) return this.accessToken.value;
    const { client_id, client_secret, token_url } = this.config.authentication;
    const res = await fetch(token_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.forwardedFor ? { 'x-forwarded-for': this.forwardedFor } : {}) },
      body: new URLSearchParams({ client_id, client_secret, grant_type: 'client_credentials', scope: 'olp-report-api' }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.accessToken = { value: body.access_token, until: Date.now() + (body.expires_in - 10) * 1000 };
    return body.access_token;
  }

  async tokenInfo(matchToken: string): Promise<{ status: number; body: any }> {
    return this.post('/api/game/v1/token-info', { token: matchToken });
  }

  async finish(body: unknown, path = '/api/game/v1/finish'): Promise<{ status: number; body: any }> {
    return this.post(path, body);
  }

  private async post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const { status, body: answer } = await call('POST', `${this.config.okletsplay_url}${path}`, { token: await this.login(), body });
    return { status, body: answer };
  }
}
