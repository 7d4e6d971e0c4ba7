import { condition, patched } from '@temporalio/workflow';

/** Runs started before updates waited for the read model replay without waiting. */
const ANSWER_AFTER_PUBLISHING = 'answer-after-publishing';

/**
 * How far a workflow's read model (the PostgreSQL row the API answers reads from) has caught up with its state,
 * which bumps a version on every change the row shows. The workflow's loop is the only writer, one write at a
 * time, always of the latest state; an update handler waits for it, so the caller's next read shows its change
 * (read your own writes) in the same workflow task, the write being a local activity.
 */
export class ReadModel {
  /** The last version written (-1: none yet). */
  written = -1;
  /** The last version the loop tried to write, written or not. */
  private tried = -1;

  wrote(version: number): void {
    this.written = version;
    this.tried = version;
  }

  failed(version: number): void {
    this.tried = version;
  }

  /**
   * Resolves once `version` was written, or a try to write it failed (the change is durable in the workflow and the
   * row follows on a later try: the caller is answered, not held), or `over()` (nothing left to write).
   */
  async caughtUp(version: number, over: () => boolean): Promise<void> {
    if (!patched(ANSWER_AFTER_PUBLISHING)) return;
    await condition(() => this.tried >= version || over());
  }
}
