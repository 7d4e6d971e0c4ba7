import { condition, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { refuse } from '../domain/failures';
import { TokenState } from '../domain/search-attributes';
import {
  activateVersusTokenUpdate, VERSUS_REFUSAL, versusTokenQuery, type ActivateVersusToken, type ActiveVersusSession, type VersusTokenInput,
  type VersusTokenView,
} from '../domain/versus/contract';

/** A token's life: pending until activated or its seed expires, then active until `expires`, then gone. */
class VersusToken {
  view: VersusTokenView;

  constructor(private readonly input: VersusTokenInput) {
    this.view = input.activeUntil
      ? { state: 'active', expires: input.activeUntil, secretFingerprint: input.secretFingerprint }
      : { state: 'pending', secretFingerprint: input.secretFingerprint };
  }

  /** Synchronous validator: runs before the update is recorded, so a refused activation leaves no trace. */
  assertActivatable(req: ActivateVersusToken): void {
    if (this.view.state !== 'pending') refuse(VERSUS_REFUSAL.notPending, `the token is ${this.view.state}`);
    if (req.secretFingerprint !== this.input.secretFingerprint) refuse(VERSUS_REFUSAL.secretRotated, 'the token was made under a rotated secret');
  }

  activate(): ActiveVersusSession {
    const expires = new Date(Date.now() + this.input.sessionTtlSeconds * 1000).toISOString();
    this.view = { state: 'active', expires, secretFingerprint: this.input.secretFingerprint };
    return { expires, state: 'active' };
  }

  expire(): void {
    this.view = { state: 'expired', secretFingerprint: this.input.secretFingerprint };
  }
}

/**
 * An activated Versus session: started by the activation itself (the seed waited in the database), active
 * until `activeUntil`, then expired. Runs v0.1.0 started at seed time still wait for their activation update.
 */
export async function versusTokenWorkflow(input: VersusTokenInput): Promise<VersusTokenView> {
  const token = new VersusToken(input);
  setHandler(versusTokenQuery, () => token.view);
  if (input.activeUntil) {
    await sleep(Math.max(Date.parse(input.activeUntil) - Date.now(), 1));
  } else {
    setHandler(activateVersusTokenUpdate, () => token.activate(), { validator: (req) => token.assertActivatable(req) });
    // An activation and the seed's expiry in one workflow task: updates are applied first, so it activates.
    if (await condition(() => token.view.state === 'active', input.seedTtlSeconds * 1000)) {
      upsertSearchAttributes([{ key: TokenState, value: 'active' }]);
      await sleep(input.sessionTtlSeconds * 1000);
    }
  }
  token.expire();
  upsertSearchAttributes([{ key: TokenState, value: 'expired' }]);
  return token.view;
}
