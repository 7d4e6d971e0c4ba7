import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CancelTicket, TicketStatus } from './tickets';

/** Signals, queries and updates: defined once, used by workflows, the API and tests alike. */

/** A signal, not an update: DELETE answers `[]` whatever the ticket's state, so no caller waits on it. */
export const cancelTicketSignal = defineSignal<[CancelTicket]>('cancelTicket');
export const ticketStatusQuery = defineQuery<TicketStatus>('ticketStatus');
