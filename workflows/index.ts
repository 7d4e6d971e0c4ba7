export { ticketWorkflow } from './matchmaking/ticket';
export { matcherWorkflow } from './matchmaking/matcher';
export { serverWorkflow } from './matchmaking/server';
export { sessionWorkflow } from './matchmaking/session';
export { sessionWebhookWorkflow } from './matchmaking/session-webhook';
export { versusTokenWorkflow } from './versus-token';
export { noopWorkflow } from './noop';
export { hostWorkflow } from './host';
export { paidMatchWorkflow } from './paid-matches/paid-match';
export { retentionWorkflow } from './retention';
/** Paid matches started under their old type name, `platformMatchWorkflow`, run under it until they end. */
export { paidMatchWorkflow as platformMatchWorkflow } from './paid-matches/paid-match';
