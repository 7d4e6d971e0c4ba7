import { sleep } from '@temporalio/workflow';

/**
 * How workflows wait out a database that does not answer (workflow code only: it sleeps on workflow timers).
 * Both are plain, deterministic state: a replay waits exactly as the first run did.
 */

/** When to try again after failures: `first` ms, doubling each time, at most `max`; a success starts over. */
export class Backoff {
  /** Epoch ms of the next try, while the last one failed. */
  at?: number;
  private wait: number;

  constructor(private readonly first: number, private readonly max: number) {
    this.wait = first;
  }

  failed(now: number): void {
    this.at = now + this.wait;
    this.wait = Math.min(this.wait * 2, this.max);
  }

  succeeded(): void {
    this.at = undefined;
    this.wait = this.first;
  }

  /** No failure is waiting for its retry, or its time has come. */
  ready(now: number): boolean {
    return this.at === undefined || now >= this.at;
  }
}

/** One try's outcome: done, worth another try after the next wait, or never going to work. */
export type TryOutcome = 'done' | 'again' | 'stop';

/** Tries, then sleeps through `waitsMs` between tries (one more try than waits); true when a try was done. */
export async function patiently(attempt: () => Promise<TryOutcome>, waitsMs: readonly number[]): Promise<boolean> {
  for (let i = 0; ; i++) {
    const outcome = await attempt();
    if (outcome !== 'again' || i >= waitsMs.length) return outcome === 'done';
    await sleep(waitsMs[i]!);
  }
}
