import { refuse } from '../../domain/failures';
import { ReadModel } from '../read-model';
import type { PayoutPlan } from '../../domain/paid-matches/payouts';
import {
  FINAL_STATES, LOBBY_CHANGES_PER_PLAYER, PAID_MATCH_REFUSAL, type CarriedLobby, type PaidMatchState, type PaidMatchView,
  type PaidMatchInput, type SubmitResult, type TeamView,
} from '../../domain/paid-matches/contract';
import {
  EMPTY_RESULT, judgeSubmission, recordSubmission, submissionsLeft, type ResultBook, type Roster, type Submission,
} from '../../domain/paid-matches/results';

/**
 * A paid match's state and its handlers' rules. Validators are synchronous and change nothing, so a refused
 * join or a conflicting result never reaches the history; handlers apply what the validator let through.
 */
export class PaidMatch {
  state: PaidMatchState = 'lobby';
  teams: TeamView[];
  result: ResultBook = EMPTY_RESULT;
  /** Players whose entry fee reached escrow: exactly the ones a refund pays back. */
  escrowed: string[] = [];
  liveAt?: string;
  endedAt?: string;
  reason?: string;
  payout?: PayoutPlan;
  /** Set by an operator's abort; the workflow refunds at its next step. */
  abortRequested?: string;
  /** Bumped whenever what the read model shows changes. */
  version = 0;
  /** How far the `paid_matches` row has caught up with `version`. */
  readonly row = new ReadModel();
  /** Each player's lobby changes so far (every accepted join, switch, leave or confirm is an update in the history). */
  private readonly changes: Record<string, number>;

  constructor(readonly input: PaidMatchInput) {
    this.teams = input.lobby?.teams ?? Array.from({ length: input.teamCount }, (_, i) => ({ id: String(i + 1), members: [] }));
    this.changes = { ...input.lobby?.changes };
    this.abortRequested = input.lobby?.abortRequested;
  }

  assertJoinable(playerId: string, teamId: string): void {
    this.assertLobby();
    // Joining the team one is in changes nothing: answered from the read model, never recorded (a retried join keeps its confirmation).
    if (this.teamOf(playerId)?.id === teamId) refuse(PAID_MATCH_REFUSAL.unchanged, `already in team ${teamId}`);
    this.assertMayChange(playerId);
    const team = this.teams.find((t) => t.id === teamId);
    if (!team) refuse(PAID_MATCH_REFUSAL.invalid, `body.teamId: no team ${teamId} in this match (teams are 1 to ${this.teams.length})`);
    if (team.members.filter((m) => m.playerId !== playerId).length >= this.input.teamSize) refuse(PAID_MATCH_REFUSAL.notInLobby, `team ${teamId} is full`);
  }

  /** Joining (or switching team) takes the seat unconfirmed: the player confirms the team they are in. */
  join(playerId: string, teamId: string): PaidMatchView {
    this.counted(playerId);
    if (this.teamOf(playerId)?.id === teamId) return this.view();
    this.removePlayer(playerId);
    this.teams.find((t) => t.id === teamId)!.members.push({ playerId, confirmed: false });
    this.version++;
    return this.view();
  }

  assertMember(playerId: string): void {
    this.assertLobby();
    if (!this.teamOf(playerId)) refuse(PAID_MATCH_REFUSAL.invalid, 'you are not in this match');
  }

  /** Leaving a match one is not in changes nothing: a retried leave is answered as the lobby is. */
  assertLeavable(playerId: string): void {
    this.assertLobby();
    if (!this.teamOf(playerId)) refuse(PAID_MATCH_REFUSAL.unchanged, 'not in this match');
  }

  assertConfirmable(playerId: string): void {
    this.assertMember(playerId);
    if (this.seatOf(playerId)!.confirmed) refuse(PAID_MATCH_REFUSAL.unchanged, 'already confirmed');
  }

  leave(playerId: string): PaidMatchView {
    this.removePlayer(playerId);
    this.version++;
    return this.view();
  }

  confirm(playerId: string): PaidMatchView {
    const seat = this.seatOf(playerId)!;
    if (!seat.confirmed) {
      seat.confirmed = true;
      this.version++;
    }
    return this.view();
  }

  /** Every seat taken and confirmed: the lobby is over. */
  ready(): boolean {
    return this.teams.every((t) => t.members.length === this.input.teamSize && t.members.every((m) => m.confirmed));
  }

  players(): string[] {
    return this.teams.flatMap((t) => t.members.map((m) => m.playerId));
  }

  roster(): Roster {
    return { teams: this.teams.map((t) => ({ id: t.id, members: t.members.map((m) => m.playerId) })) };
  }

  /** First accepted result wins: a replay passes (and changes nothing), a contradiction is refused. */
  assertSubmittable(sub: Submission): void {
    if (this.state === 'lobby' || this.state === 'escrow' || this.state === 'starting') refuse(PAID_MATCH_REFUSAL.notLive, `match is not live yet (${this.state})`);
    const verdict = judgeSubmission(this.result, sub, this.roster());
    if (verdict.kind === 'invalid') refuse(PAID_MATCH_REFUSAL.invalid, verdict.message);
    if (verdict.kind === 'conflict') refuse(PAID_MATCH_REFUSAL.conflict, `a different result was already accepted: ${verdict.message}`);
    if (verdict.kind === 'new' && this.state !== 'live') refuse(PAID_MATCH_REFUSAL.notLive, `match is no longer live (${this.state})`);
    if (verdict.kind === 'replay') refuse(PAID_MATCH_REFUSAL.replay, 'this result was already accepted');
  }

  submit(sub: Submission): SubmitResult {
    if (judgeSubmission(this.result, sub, this.roster()).kind === 'new') {
      this.result = recordSubmission(this.result, sub);
      this.version++;
    }
    return { matchStatus: this.state, submissionsTotal: this.players().length, submissionsLeft: submissionsLeft(this.result, this.roster()) };
  }

  /** The first operator's reason stands; the workflow acts on it at its next step. */
  requestAbort(reason: string): void {
    this.abortRequested ??= reason;
  }

  resultComplete(): boolean {
    return submissionsLeft(this.result, this.roster()) === 0;
  }

  moveTo(state: PaidMatchState, now: number): void {
    this.state = state;
    if (state === 'live') this.liveAt = new Date(now).toISOString();
    if (FINAL_STATES.includes(state)) this.endedAt = new Date(now).toISOString();
    this.version++;
  }

  view(): PaidMatchView {
    const i = this.input;
    return {
      matchId: i.matchId, projectId: i.projectId, state: this.state, entryFee: i.entryFee, currency: i.currency, teamSize: i.teamSize,
      teams: this.teams.map((t) => ({ id: t.id, members: t.members.map((m) => ({ ...m })) })),
      createdBy: i.createdBy, createdAt: i.createdAt, liveAt: this.liveAt, endedAt: this.endedAt, reason: this.reason, result: this.result,
      submissionsTotal: this.players().length, submissionsLeft: submissionsLeft(this.result, this.roster()), payout: this.payout,
    };
  }

  /** What a new run needs to go on with this lobby. */
  carryLobby(expiresAt: number): CarriedLobby {
    return { teams: this.teams, expiresAt, changes: this.changes, abortRequested: this.abortRequested };
  }

  /**
   * Caps the seats one player can take, so no player can push a match into Temporal's per-run limits. Leaves
   * and confirms need no cap of their own: each follows a join (a repeated confirm is refused as unchanged).
   */
  private assertMayChange(playerId: string): void {
    if ((this.changes[playerId] ?? 0) >= LOBBY_CHANGES_PER_PLAYER) {
      refuse(PAID_MATCH_REFUSAL.tooManyChanges, `you took a seat in this match ${LOBBY_CHANGES_PER_PLAYER} times; no more seat changes are taken (you can still leave or confirm)`);
    }
  }

  private counted(playerId: string): void {
    this.changes[playerId] = (this.changes[playerId] ?? 0) + 1;
  }

  private assertLobby(): void {
    if (this.state !== 'lobby') refuse(PAID_MATCH_REFUSAL.notInLobby, `the lobby is closed (${this.state})`);
  }

  private seatOf(playerId: string): TeamView['members'][number] | undefined {
    return this.teamOf(playerId)?.members.find((m) => m.playerId === playerId);
  }

  private teamOf(playerId: string): TeamView | undefined {
    return this.teams.find((t) => t.members.some((m) => m.playerId === playerId));
  }

  private removePlayer(playerId: string): void {
    for (const t of this.teams) t.members = t.members.filter((m) => m.playerId !== playerId);
  }
}
