/** The four surfaces, and admin: what the soak counts its requests by. */
export type Surface = 'v1a' | 'padrone' | 'paid' | 'versus' | 'admin';
export const SURFACES: Surface[] = ['v1a', 'padrone', 'paid', 'versus', 'admin'];

export interface Tally {
  requests: number;
  /** Sent on purpose wrong (bad text, wrong credentials, floods, caps). */
  mistakes: number;
  /** A mistake answered 5xx other than 503: the server blamed itself for the client's error. */
  mistakes5xx: number;
  /** Any request answered 500 (503 during an outage is expected, 500 never is). */
  internal: number;
  unavailable503: number;
  tooMany429: number;
  /** No answer: the API process was down at that moment. */
  noAnswer: number;
  /** The cluster's balancer answered 502: the API process it had handed the request to died holding it. */
  lostInFlight: number;
}

export interface Answer {
  status: number;
  body: any;
}

export interface Send {
  method?: string;
  token?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** A raw body, sent as is (oversized or malformed JSON). */
  raw?: string;
  /** The caller's address (X-Forwarded-For; the soak's API trusts it), so attackers and players are told apart. */
  ip: string;
  mistake?: boolean;
}

/** Every request the soak makes goes through here and is counted, by surface and by how it was answered. */
export class Traffic {
  readonly tallies = Object.fromEntries(SURFACES.map((s) => [s, { requests: 0, mistakes: 0, mistakes5xx: 0, internal: 0, unavailable503: 0, tooMany429: 0, noAnswer: 0, lostInFlight: 0 }])) as Record<Surface, Tally>;
  readonly internalSamples: string[] = [];
  /** Why some requests got no answer (a timeout, a reset connection), for the report. */
  readonly noAnswerSamples: string[] = [];

  constructor(private readonly baseUrl: string) {}

  async send(surface: Surface, path: string, s: Send): Promise<Answer | undefined> {
    const t = this.tallies[surface];
    t.requests++;
    if (s.mistake) t.mistakes++;
    const headers: Record<string, string> = { 'x-forwarded-for': s.ip, ...s.headers };
    if (s.token) headers.authorization = `Bearer ${s.token}`;
    const body = s.raw ?? (s.body === undefined ? undefined : JSON.stringify(s.body));
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { method: s.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      t.noAnswer++;
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      if (this.noAnswerSamples.length < 10) this.noAnswerSamples.push(`${new Date().toISOString()} ${s.method ?? 'GET'} ${path}: ${cause}`);
      return undefined;
    }
    const text = await res.text();
    if (res.status === 503) t.unavailable503++;
    if (res.status === 429) t.tooMany429++;
    if (res.status === 502 && text.includes('the API process went away')) t.lostInFlight++;
    else if (res.status >= 500 && res.status !== 503) {
      t.internal++;
      if (s.mistake) t.mistakes5xx++;
      if (this.internalSamples.length < 10) this.internalSamples.push(`${s.method ?? 'GET'} ${path} → ${res.status} ${text.slice(0, 200)}`);
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }
}
