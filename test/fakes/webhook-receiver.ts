import express from 'express';
import { signatureProblem } from '../../core/matchmaking/webhook-signature';
import { serve } from './serve';

/**
 * A game backend's session webhook, as the README tells one to be written: it reads the raw body, checks the
 * `Matchflow-Signature` with the secret the admin API revealed (and that the signature is recent), and answers as
 * the test scripts it: 200 unless `answer` says otherwise for that event's nth delivery.
 */

export interface ReceivedDelivery {
  /** The raw body, as signed. */
  raw: string;
  body: any;
  event?: string;
  idempotencyKey?: string;
  signature?: string;
  /** undefined when the signature verified with the secret and was recent; otherwise why not. */
  signatureProblem?: string;
  answered: number;
}

export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** The webhook secret, as the admin API revealed it. */
  secret = '';
  /** The status to answer an event's delivery with (`nth`: 0 for its first); 200 unless said otherwise. */
  answer: (event: any, nth: number) => number = () => 200;
  private server?: { url: string; close(): Promise<void> };

  get url(): string {
    return `${this.server!.url}/matchflow/sessions`;
  }

  async start(): Promise<this> {
    const app = express();
    app.post('/matchflow/sessions', express.raw({ type: '*/*' }), (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const body = JSON.parse(raw);
      const idempotencyKey = req.get('idempotency-key');
      const nth = this.received.filter((r) => r.idempotencyKey === idempotencyKey).length;
      const answered = this.answer(body, nth);
      this.received.push({
        raw, body, event: req.get('matchflow-event'), idempotencyKey, signature: req.get('matchflow-signature'), answered,
        signatureProblem: signatureProblem(this.secret, raw, req.get('matchflow-signature'), Math.floor(Date.now() / 1000)),
      });
      res.status(answered).json(answered < 300 ? { ok: true } : { error: 'scripted' });
    });
    this.server = await serve(app);
    return this;
  }

  /** What arrived for one session, in arrival order. */
  forSession(sessionId: string): ReceivedDelivery[] {
    return this.received.filter((r) => r.body?.sessionId === sessionId);
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
