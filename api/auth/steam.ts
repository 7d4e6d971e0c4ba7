import { parseEncryptedAppTicket } from 'steam-appticket';
import type { Project } from '../../domain/projects';
import { rejected, type AuthOutcome } from './identity';
import { decryptsCleanly } from './steam-preflight';

/** Tickets from a clock this far ahead of ours are still accepted. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Decrypts a Steam encrypted app ticket with the project's app ticket key, then checks it is for the project's
 * app and recent enough. No call to Steam is needed: only Steam and the key holder can make such a ticket.
 */
export function verifySteamTicket(project: Project, ticketText: string, maxAgeSeconds: number, now = Date.now()): AuthOutcome {
  const { appId, ticketKey } = project.steam;
  if (!appId || !ticketKey) return rejected('Steam login is not configured for this project');
  const bytes = /^[0-9a-fA-F]+$/.test(ticketText) && ticketText.length % 2 === 0 ? Buffer.from(ticketText, 'hex') : Buffer.from(ticketText, 'base64');
  const key = Buffer.from(ticketKey, 'hex');
  const ticket = decryptsCleanly(bytes, key) ? parseEncryptedAppTicket(bytes, key) : null;
  if (!ticket) return rejected('the Steam ticket could not be decrypted');
  if (ticket.appID !== appId) return rejected('the Steam ticket is for another app');
  const issued = ticket.ownershipTicketGenerated.getTime();
  if (issued > now + CLOCK_SKEW_MS) return rejected('the Steam ticket is from the future');
  if (now - issued > maxAgeSeconds * 1000) return rejected('the Steam ticket has expired');
  return { ok: true, identity: { backend: 'steam', externalId: ticket.steamID.getSteamID64() } };
}
