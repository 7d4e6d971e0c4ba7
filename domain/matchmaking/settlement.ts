/**
 * How a session's reported results settle (COMPAT.md §1). Pure: the session workflow feeds it every report and
 * asks again whenever one arrives and at its deadline.
 */

export type ResultStatus = 'finished' | 'cancelled';

export interface ResultReport {
  /** `server`, or the reporting player's id. */
  from: string;
  status: ResultStatus;
  ranks: number[];
}

export type Settlement =
  | { outcome: 'settled'; status: ResultStatus; ranks: number[]; decidedBy: 'server' | 'agreement' | 'majority' }
  | { outcome: 'disputed'; reports: number }
  | { outcome: 'abandoned' };

/** The session state a settlement leaves: a settled result of status `cancelled` cancels the session. */
export function sessionStateAfter(s: Settlement): 'settled' | 'disputed' | 'abandoned' | 'cancelled' {
  return s.outcome === 'settled' && s.status === 'cancelled' ? 'cancelled' : s.outcome;
}

/** Only a finished game moves ratings. */
export function movesRatings(s: Settlement): s is Extract<Settlement, { outcome: 'settled' }> {
  return s.outcome === 'settled' && s.status === 'finished';
}

export interface SettleInput {
  hasServer: boolean;
  players: string[];
  reports: ResultReport[];
  /** At the deadline a decision is forced; before it, only a decision later reports cannot overturn is taken. */
  deadlinePassed: boolean;
}

/**
 * undefined: keep waiting. A server's report is final; with a server, clients only decide if it has not reported
 * by the deadline. Without one, a strict majority of all players settles at once (no later report can outvote
 * it); otherwise the decision waits for every report or the deadline, then: all agree, else a majority of the
 * reports received, else disputed; no report at all is abandoned.
 */
export function settle(s: SettleInput): Settlement | undefined {
  const server = s.reports.find((r) => r.from === 'server');
  if (s.hasServer && server) return { outcome: 'settled', status: server.status, ranks: server.ranks, decidedBy: 'server' };
  if (s.hasServer && !s.deadlinePassed) return undefined;

  const clientReports = firstReportPerPlayer(s.reports, s.players);
  const tally = new Map<string, { report: ResultReport; votes: number }>();
  for (const r of clientReports) {
    const key = JSON.stringify([r.status, r.ranks]);
    tally.set(key, { report: r, votes: (tally.get(key)?.votes ?? 0) + 1 });
  }
  const best = [...tally.values()].sort((a, b) => b.votes - a.votes)[0];
  const allReported = clientReports.length === s.players.length;

  if (!s.deadlinePassed && !allReported) return best && best.votes * 2 > s.players.length ? settled(best.report, 'majority') : undefined;
  if (!best) return { outcome: 'abandoned' };
  if (tally.size === 1) return settled(best.report, 'agreement');
  if (best.votes * 2 > clientReports.length) return settled(best.report, 'majority');
  return { outcome: 'disputed', reports: clientReports.length };
}

/** A player's first report counts; reports from outside the session are ignored. */
function firstReportPerPlayer(reports: ResultReport[], players: string[]): ResultReport[] {
  const seen = new Set<string>();
  return reports.filter((r) => players.includes(r.from) && !seen.has(r.from) && seen.add(r.from));
}

function settled(r: ResultReport, decidedBy: 'agreement' | 'majority'): Settlement {
  return { outcome: 'settled', status: r.status, ranks: r.ranks, decidedBy };
}

/** What is wrong with these ranks (said in full, and in short for the field), or undefined: one place per team, 0 = first; ties allowed. */
export function rankProblem(ranks: number[], teams: number): { message: string; short: string } | undefined {
  if (ranks.length !== teams) return { message: `must hold one rank per team (${teams})`, short: `must hold ${teams} ranks` };
  if (!ranks.every((r) => Number.isInteger(r) && r >= 0 && r < teams)) return { message: `ranks go from 0 (first) to ${teams - 1}`, short: `must be below ${teams}` };
  return undefined;
}

export function validRanks(ranks: number[], teams: number): boolean {
  return rankProblem(ranks, teams) === undefined;
}
