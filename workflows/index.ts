export { ticketWorkflow } from './ticket';
export { versusTokenWorkflow } from './versus-token';
