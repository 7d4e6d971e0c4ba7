import { hostWorkflowId, parseHostWorkflowId } from '../../domain/hosts/contract';
import {
  matcherWorkflowId, parseMatcherWorkflowId, parseServerWorkflowId, parseSessionWorkflowId, parseTicketWorkflowId, serverWorkflowId, sessionWorkflowId,
  ticketWorkflowId,
} from '../../domain/matchmaking/contract';
import { paidMatchWorkflowId, parsePaidMatchWorkflowId } from '../../domain/paid-matches/contract';
import { parseSessionWebhookWorkflowId, sessionEventKey, sessionWebhookWorkflowId } from '../../domain/matchmaking/session-webhooks';
import { parseVersusTokenWorkflowId, versusTokenWorkflowId } from '../../domain/versus/contract';

const project = '6f1c2a9e-0d4b-4c8e-9a51-2b7d3e8f0a11';

describe('workflow ids and their inverses', () => {
  it('when an id is made from domain ids, then its inverse gives them back, a server name with slashes included', () => {
    expect(parseTicketWorkflowId(ticketWorkflowId(project, 't-1'))).toEqual({ projectId: project, ticketId: 't-1' });
    expect(parseMatcherWorkflowId(matcherWorkflowId(project, 'abc123'))).toEqual({ projectId: project, bucketId: 'abc123' });
    expect(parseSessionWorkflowId(sessionWorkflowId(project, 's-9'))).toEqual({ projectId: project, sessionId: 's-9' });
    expect(parseServerWorkflowId(serverWorkflowId(project, 'eu/west/1'))).toEqual({ projectId: project, name: 'eu/west/1' });
    expect(parseHostWorkflowId(hostWorkflowId(project, '[::1]:7777'))).toEqual({ projectId: project, endpoint: '[::1]:7777' });
    expect(parsePaidMatchWorkflowId(paidMatchWorkflowId('m-1'))).toEqual({ matchId: 'm-1' });
    expect(parseVersusTokenWorkflowId(versusTokenWorkflowId('game', 'digest'))).toEqual({ gameUuid: 'game', tokenDigest: 'digest' });
    expect(parseSessionWebhookWorkflowId(sessionWebhookWorkflowId(project, sessionEventKey('s-9', 'session.ended')))).toEqual({ projectId: project, sessionId: 's-9', event: 'session.ended' });
  });

  it('when an id belongs to another kind or lacks a part, then its inverse answers undefined', () => {
    expect(parseTicketWorkflowId(sessionWorkflowId(project, 's-9'))).toBeUndefined();
    expect(parseSessionWorkflowId(`session/${project}/`)).toBeUndefined();
    expect(parseSessionWorkflowId('session//s-9')).toBeUndefined();
    expect(parseHostWorkflowId('host/only-a-project')).toBeUndefined();
    expect(parsePaidMatchWorkflowId('platform-match/')).toBeUndefined();
    expect(parseVersusTokenWorkflowId('versus/game/digest/extra')).toBeUndefined();
    expect(parseSessionWebhookWorkflowId(`session-webhook/${project}/s-9:paid`)).toBeUndefined();
    expect(parseSessionWorkflowId(sessionWebhookWorkflowId(project, 's-9:started'))).toBeUndefined();
  });
});
