import type { Response } from 'express';
import { refusalOf, unanswered } from '../../core/temporal';
import { HOST_REFUSAL, type HostRefusal } from '../../domain/hosts/contract';

/** Padrone's 406: understood and refused; the reason is in the body, and old clients ignore it. */
export function refuse(res: Response, reason: string): void {
  res.status(406).json({ error: reason });
}

/** Padrone's words for each of a host's refusals. */
const REASONS: Record<HostRefusal, string> = {
  [HOST_REFUSAL.endpointTaken]: 'another player owns that external endpoint',
  [HOST_REFUSAL.notYours]: 'unknown host, or not yours',
  [HOST_REFUSAL.unknownHost]: 'unknown host',
  [HOST_REFUSAL.wrongPassword]: 'wrong password',
  [HOST_REFUSAL.full]: 'host is full',
  [HOST_REFUSAL.ending]: 'the host is going offline; register it again in a moment',
};

/**
 * Answers a failed host update: a typed refusal with its reason, a host that has ended (or never was) with
 * `whenGone`. A refusal of another type (a worker older than the typed refusals, during a rolling upgrade) is
 * still a refusal, answered with its own words; anything else is no refusal and is thrown on.
 */
export function refuseHostUpdate(res: Response, err: unknown, whenGone: HostRefusal): void {
  const refusal = refusalOf(err);
  if (refusal) return refuse(res, REASONS[refusal.type as HostRefusal] ?? refusal.message);
  if (unanswered(err)) return refuse(res, REASONS[whenGone]);
  throw err;
}
