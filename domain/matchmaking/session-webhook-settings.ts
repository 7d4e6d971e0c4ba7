import { z } from 'zod';

/** A project's session webhook, as stored: where `session.started` and `session.ended` go, and the secret they are signed with. */
export interface SessionWebhookSettings {
  url: string;
  secret: string;
}

/** http(s) only: a receiver is a web server, and anything else (file:, javascript:) is a mistake or worse. */
export const webhookUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048);

/** `sessionWebhook` on create and update: the URL; the signing secret is made by Matchflow and shown once. */
export const sessionWebhookInputSchema = z
  .object({ url: webhookUrlSchema.meta({ description: 'Where Matchflow POSTs `session.started` and `session.ended` (http or https).' }) })
  .strict()
  .meta({ id: 'SessionWebhookInput', description: 'The game backend\'s session webhook. Its signing secret is made by Matchflow and shown once (on create, or rotated).' });
