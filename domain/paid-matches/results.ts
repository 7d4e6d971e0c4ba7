import type { RankedTeam } from './payouts';

/**
 * A paid match's reported result, built from one or more `finish` requests (COMPAT.md §3). Synchronous games
 * send everything at once; asynchronous games send one request per player. The first value accepted for any
 * field is final: restating it is a harmless replay, contradicting it is a conflict that changes nothing.
 */

export interface Submission {
  participants: { id: string; score: number }[];
  teams: { id: string; score?: number; ranking?: number; forfeit?: boolean }[];
}

export interface TeamResult {
  score?: number;
  ranking?: number;
  forfeit?: boolean;
}

/** Plain JSON (it lives in workflow state and the read model). */
export interface ResultBook {
  scores: Record<string, number>;
  teams: Record<string, TeamResult>;
}

export const EMPTY_RESULT: ResultBook = { scores: {}, teams: {} };

export interface Roster {
  teams: { id: string; members: string[] }[];
}

export type Verdict =
  | { kind: 'new' }
  | { kind: 'replay' }
  | { kind: 'invalid'; message: string }
  | { kind: 'conflict'; message: string };

const TEAM_FIELDS = ['score', 'ranking', 'forfeit'] as const;

/** Decides what a submission would do to the book, without changing it (a validator's question). */
export function judgeSubmission(book: ResultBook, sub: Submission, roster: Roster): Verdict {
  const invalid = findInvalid(sub, roster);
  if (invalid) return { kind: 'invalid', message: invalid };
  let changes = false;
  for (const p of sub.participants) {
    const known = own(book.scores, p.id);
    if (known === undefined) changes = true;
    else if (known !== p.score) return { kind: 'conflict', message: `participant ${p.id} already has score ${known}` };
  }
  for (const t of sub.teams) {
    const known = own(book.teams, t.id) ?? {};
    for (const field of TEAM_FIELDS) {
      if (t[field] === undefined) continue;
      if (known[field] === undefined) changes = true;
      else if (known[field] !== t[field]) return { kind: 'conflict', message: `team ${t.id} already has ${field} ${String(known[field])}` };
    }
  }
  return changes ? { kind: 'new' } : { kind: 'replay' };
}

/** The book with a judged-new submission added. */
export function recordSubmission(book: ResultBook, sub: Submission): ResultBook {
  const scores = { ...book.scores };
  for (const p of sub.participants) scores[p.id] = p.score;
  const teams = { ...book.teams };
  for (const t of sub.teams) {
    const merged: TeamResult = { ...own(teams, t.id) };
    for (const field of TEAM_FIELDS) if (t[field] !== undefined) (merged as Record<string, unknown>)[field] = t[field];
    teams[t.id] = merged;
  }
  return { scores, teams };
}

/** Participants still to report; none once every team has its place (a synchronous game's whole result). */
export function submissionsLeft(book: ResultBook, roster: Roster): number {
  if (roster.teams.every((t) => placed(own(book.teams, t.id)))) return 0;
  return roster.teams.flatMap((t) => t.members).filter((id) => own(book.scores, id) === undefined).length;
}

/**
 * Each team's ranking: the game's own rankings when it gave every team one (or a forfeit); else by team score,
 * when every team has one; else by the sum of its players' scores. Higher scores rank better; equal ones tie.
 */
export function rankTeams(book: ResultBook, roster: Roster): RankedTeam[] {
  const result = (id: string) => own(book.teams, id) ?? {};
  const ranked = roster.teams.every((t) => placed(result(t.id)));
  const teamScored = roster.teams.every((t) => result(t.id).score !== undefined);
  const scoreOf = (t: Roster['teams'][number]) =>
    teamScored ? result(t.id).score! : t.members.reduce((sum, id) => sum + (own(book.scores, id) ?? 0), 0);
  return roster.teams.map((t) => ({
    teamId: t.id,
    members: t.members,
    forfeit: result(t.id).forfeit === true,
    ranking: ranked ? (result(t.id).ranking ?? Number.MAX_SAFE_INTEGER) : 1 + roster.teams.filter((o) => scoreOf(o) > scoreOf(t)).length,
  }));
}

/** Whether anything at all was reported. */
export function anyReported(book: ResultBook): boolean {
  return Object.keys(book.scores).length > 0 || Object.keys(book.teams).length > 0;
}

/** For a settlement at the deadline: a team that reported nothing, for itself or any of its players, forfeits. */
export function forfeitSilentTeams(book: ResultBook, roster: Roster): ResultBook {
  const teams = { ...book.teams };
  for (const t of roster.teams) {
    const spoke = own(book.teams, t.id) !== undefined || t.members.some((id) => own(book.scores, id) !== undefined);
    if (!spoke) teams[t.id] = { forfeit: true };
  }
  return { scores: book.scores, teams };
}

function placed(r: TeamResult | undefined): boolean {
  return r?.ranking !== undefined || r?.forfeit === true;
}

function findInvalid(sub: Submission, roster: Roster): string | undefined {
  if (sub.participants.length === 0 && sub.teams.length === 0) return 'the result names no participant and no team';
  const players = new Set(roster.teams.flatMap((t) => t.members));
  const teams = new Set(roster.teams.map((t) => t.id));
  const seen = new Set<string>();
  for (const [i, p] of sub.participants.entries()) {
    if (!players.has(p.id)) return `participants[${i}].id: ${p.id} is not a participant of this match`;
    if (seen.has(p.id)) return `participants[${i}].id: ${p.id} appears twice`;
    seen.add(p.id);
  }
  seen.clear();
  for (const [i, t] of sub.teams.entries()) {
    if (!teams.has(t.id)) return `teams[${i}].id: ${t.id} is not a team of this match`;
    if (seen.has(t.id)) return `teams[${i}].id: ${t.id} appears twice`;
    seen.add(t.id);
  }
  return undefined;
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
