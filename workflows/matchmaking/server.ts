import { allHandlersFinished, condition, continueAsNew, log, proxyLocalActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import {
  cancelServerSignal, claimServerUpdate, registerServerSignal, SERVER_REFUSAL, type ClaimedServer, type ClaimServer, type ServerInput,
  type ServerRegistration,
} from '../../domain/matchmaking/contract';
import { shouldContinueAsNew } from '../../domain/continue-as-new';
import { refuse } from '../../domain/failures';
import { ServerState } from '../../domain/search-attributes';

// Bounded: an offer whose read-model row cannot be written ends `failed`; the server's next post makes a new one.
const { recordServer } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '5 seconds', maximumAttempts: 4 },
});

type Phase = 'waiting' | 'available' | 'consumed' | 'cancelled' | 'expired' | 'failed';

/**
 * One offer of a dedicated server: for one session, until taken, cancelled or `timeout` without a refresh. Each
 * refresh is a signal, so an offer refreshed for hours continues as new when Temporal suggests it.
 */
class Offer {
  phase: Phase = 'waiting';
  registration?: ServerRegistration;
  expiresAt = 0;
  registeredAt = 0;
  sessionId?: string;
  next?: ServerRegistration;
  version = 0;

  constructor(carried?: ServerInput['carried']) {
    if (carried) Object.assign(this, { phase: 'available', ...carried });
  }

  register(r: ServerRegistration, now: number): void {
    if (this.phase === 'consumed') {
      this.next = r; // the server wants another session: the next run takes it
      return;
    }
    if (this.phase !== 'waiting' && this.phase !== 'available') return;
    if (this.phase === 'waiting') this.registeredAt = now;
    this.phase = 'available';
    this.registration = r;
    this.expiresAt = now + r.timeoutSeconds * 1000;
    this.version++;
  }

  cancel(): void {
    if (this.phase === 'available' || this.phase === 'waiting') this.end('cancelled');
  }

  /** Synchronous validator: an expired, cancelled or taken offer refuses before anything is recorded. */
  assertClaimable(c: ClaimServer, now: number): void {
    if (this.phase === 'consumed' && this.sessionId === c.sessionId) return; // the same claim, retried
    if (this.phase !== 'available' || now >= this.expiresAt) refuse(SERVER_REFUSAL.notAvailable, 'server not available');
  }

  claim(c: ClaimServer, name: string): ClaimedServer {
    if (this.phase !== 'consumed') {
      this.phase = 'consumed';
      this.sessionId = c.sessionId;
      this.version++;
    }
    return this.answer(name);
  }

  /** What a claim on this offer is told: the server's name and the info it posted. */
  answer(name: string): ClaimedServer {
    return { name, info: this.registration?.info };
  }

  end(phase: 'cancelled' | 'expired' | 'failed'): void {
    this.phase = phase;
    this.version++;
  }

  get over(): boolean {
    return this.phase === 'consumed' || this.phase === 'cancelled' || this.phase === 'expired' || this.phase === 'failed';
  }
}

export async function serverWorkflow(input: ServerInput): Promise<string> {
  const offer = new Offer(input.carried);
  setHandler(registerServerSignal, (r) => offer.register(r, Date.now()));
  setHandler(cancelServerSignal, () => offer.cancel());
  setHandler(claimServerUpdate, (c) => offer.claim(c, input.name), { validator: (c) => offer.assertClaimable(c, Date.now()) });
  if (input.next) offer.register(input.next, Date.now());

  await condition(() => offer.phase !== 'waiting');
  let published = -1;
  while (!offer.over) {
    if (published !== offer.version) {
      published = offer.version;
      // A claim may have landed during the write: a consumed offer stays consumed whatever the read model says.
      if (!(await publish(input, offer)) && !offer.over) offer.end('failed');
      continue;
    }
    // Checked after every refresh (each is a signal that changes the offer): no wait of its own.
    if (shouldContinueAsNew('offer-continues-as-new')) {
      await condition(allHandlersFinished);
      if (!offer.over) {
        const carried = { registration: offer.registration!, registeredAt: offer.registeredAt, expiresAt: offer.expiresAt };
        return continueAsNew<typeof serverWorkflow>({ projectId: input.projectId, name: input.name, carried });
      }
      continue;
    }
    const changed = await condition(() => published !== offer.version, Math.max(offer.expiresAt - Date.now(), 1));
    if (!changed && Date.now() >= offer.expiresAt) offer.end('expired');
  }
  await publish(input, offer);
  upsertSearchAttributes([{ key: ServerState, value: offer.phase }]);
  await condition(allHandlersFinished);
  if (offer.next) return continueAsNew<typeof serverWorkflow>({ projectId: input.projectId, name: input.name, next: offer.next });
  return offer.phase;
}

/** Writes the offer's row of the read model matchers search; false when the database would not take it. */
async function publish(input: ServerInput, offer: Offer): Promise<boolean> {
  try {
    await recordServer({
      projectId: input.projectId,
      name: input.name,
      serverTag: offer.registration?.serverTag,
      state: offer.phase === 'available' ? 'available' : offer.phase === 'consumed' ? 'consumed' : 'gone',
      expiresAt: offer.expiresAt,
      registeredAt: offer.registeredAt,
      sessionId: offer.sessionId,
      // The yes the claim was told, kept with the session's ask before this run ends (db/matchmaking/servers.ts).
      answer: offer.phase === 'consumed' ? offer.answer(input.name) : undefined,
    });
    return true;
  } catch (err) {
    log.error('the server offer could not be recorded', { server: input.name, error: String(err) });
    return false;
  }
}
