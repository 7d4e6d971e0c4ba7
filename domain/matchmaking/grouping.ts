/**
 * The matcher's rule: forms complete groups from one bucket's queue in a single pass, pure and deterministic, so
 * a matcher workflow task stays cheap and the rule is tested by hand-driving one step.
 */

export interface QueuedTicket {
  ticketId: string;
  playerId: string;
  rating: number;
  /** Epoch ms the matcher took it in; the queue is kept in this order. */
  enqueuedAt: number;
}

/** A group: one array of tickets per team, in teamSizes order. */
export interface Group {
  teams: QueuedTicket[][];
}

export type GroupingRule =
  | { kind: 'arrival' }
  /** Players within `tolerance` rating points of the oldest waiting ticket, widening by `widenPerSecond` of its wait. */
  | { kind: 'rating'; tolerance: number; widenPerSecond: number; maxTolerance: number };

export const ARRIVAL_ORDER: GroupingRule = { kind: 'arrival' };

export interface Grouping {
  groups: Group[];
  remaining: QueuedTicket[];
}

export function formGroups(queue: QueuedTicket[], teamSizes: number[], rule: GroupingRule, now: number): Grouping {
  const size = teamSizes.reduce((a, b) => a + b, 0);
  const picks = rule.kind === 'arrival' ? pickInArrivalOrder(queue, size) : pickByRating(queue, size, rule, now);
  const used = new Set(picks.flat().map((t) => t.ticketId));
  return {
    groups: picks.map((members) => ({ teams: rule.kind === 'arrival' ? fillInOrder(members, teamSizes) : balance(members, teamSizes) })),
    remaining: queue.filter((t) => !used.has(t.ticketId)),
  };
}

/** Oldest first; a player never stands twice in one group (an old ticket may linger while being replaced). */
function pickInArrivalOrder(queue: QueuedTicket[], size: number): QueuedTicket[][] {
  const groups: QueuedTicket[][] = [];
  let pending: QueuedTicket[] = [];
  for (const t of queue) {
    if (pending.some((p) => p.playerId === t.playerId)) continue;
    pending.push(t);
    if (pending.length === size) {
      groups.push(pending);
      pending = [];
    }
  }
  return groups;
}

function pickByRating(queue: QueuedTicket[], size: number, rule: Extract<GroupingRule, { kind: 'rating' }>, now: number): QueuedTicket[][] {
  const groups: QueuedTicket[][] = [];
  const taken = new Set<string>();
  for (const anchor of queue) {
    if (taken.has(anchor.ticketId)) continue;
    const waited = Math.max(0, now - anchor.enqueuedAt) / 1000;
    const tolerance = Math.min(rule.maxTolerance, rule.tolerance + rule.widenPerSecond * waited);
    const players = new Set([anchor.playerId]);
    const nearest = queue
      .filter((t) => !taken.has(t.ticketId) && t !== anchor && Math.abs(t.rating - anchor.rating) <= tolerance)
      .sort((a, b) => Math.abs(a.rating - anchor.rating) - Math.abs(b.rating - anchor.rating) || a.enqueuedAt - b.enqueuedAt)
      .filter((t) => !players.has(t.playerId) && players.add(t.playerId))
      .slice(0, size - 1);
    if (nearest.length < size - 1) continue;
    const group = [anchor, ...nearest];
    for (const t of group) taken.add(t.ticketId);
    groups.push(group);
  }
  return groups;
}

function fillInOrder(members: QueuedTicket[], teamSizes: number[]): QueuedTicket[][] {
  let next = 0;
  return teamSizes.map((n) => members.slice(next, (next += n)));
}

/** Strongest first, each to the team with room whose average so far is lowest: team strengths stay close. */
function balance(members: QueuedTicket[], teamSizes: number[]): QueuedTicket[][] {
  const teams: QueuedTicket[][] = teamSizes.map(() => []);
  const sums = teamSizes.map(() => 0);
  for (const t of [...members].sort((a, b) => b.rating - a.rating || a.enqueuedAt - b.enqueuedAt)) {
    let best = -1;
    teams.forEach((team, i) => {
      if (team.length >= teamSizes[i]!) return;
      if (best === -1 || sums[i]! / teamSizes[i]! < sums[best]! / teamSizes[best]!) best = i;
    });
    teams[best]!.push(t);
    sums[best]! += t.rating;
  }
  return teams;
}
