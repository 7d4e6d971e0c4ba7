export { ticketWorkflow } from './ticket';
export { matcherWorkflow } from './matcher';
export { serverWorkflow } from './server';
export { sessionWorkflow } from './session';
export { versusTokenWorkflow } from './versus-token';
export { noopWorkflow } from './noop';
export { hostWorkflow } from './host';
export { platformMatchWorkflow } from './platform-match';
