import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Keyword search attributes the Web UI filters on. The dev server allows 10 Keyword attributes per namespace,
 * so this is the whole budget for every workflow kind; add one only when an operator question needs it.
 */
export const ProjectId = defineSearchAttributeKey('ProjectId', SearchAttributeType.KEYWORD);
export const PlayerId = defineSearchAttributeKey('PlayerId', SearchAttributeType.KEYWORD);
export const QueueBucket = defineSearchAttributeKey('QueueBucket', SearchAttributeType.KEYWORD);
export const TicketState = defineSearchAttributeKey('TicketState', SearchAttributeType.KEYWORD);
export const SessionState = defineSearchAttributeKey('SessionState', SearchAttributeType.KEYWORD);
export const ServerState = defineSearchAttributeKey('ServerState', SearchAttributeType.KEYWORD);
export const HostState = defineSearchAttributeKey('HostState', SearchAttributeType.KEYWORD);
export const PaidMatchState = defineSearchAttributeKey('PaidMatchState', SearchAttributeType.KEYWORD);
export const TokenState = defineSearchAttributeKey('TokenState', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [
  ProjectId, PlayerId, QueueBucket, TicketState, SessionState, ServerState, HostState, PaidMatchState, TokenState,
];

/** `--search-attribute` arguments for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]);
}
