import type { ColumnType, Generated } from 'kysely';
import type { GroupingRule } from '../domain/matchmaking/grouping';
import type { SeatTimes } from '../domain/hosts/contract';
import type { PadroneSettings } from '../domain/hosts/logins';
import type { PaidMatchView } from '../domain/paid-matches/contract';
import type { PaidMatchSettings } from '../domain/paid-matches/settings';
import type { SessionMember, TicketStatus } from '../domain/matchmaking/contract';
import type { SessionWebhookSettings } from '../domain/matchmaking/session-webhook-settings';
import type { DeliveryState, SessionEventType } from '../domain/matchmaking/session-webhooks';

/** Row types: they stay inside db/; the rest of the code sees domain types. */

export interface ProjectsTable {
  id: string;
  name: string;
  test_key: string | null;
  server_token: string;
  itch_api_base_url: string;
  itch_server_key: string | null;
  itch_game_id: string | null;
  steam_app_id: number | null;
  steam_ticket_key: string | null;
  versus_game_uuid: string;
  versus_developer_uuid: string;
  versus_api_secret: string;
  grouping_rule: ColumnType<GroupingRule, GroupingRule | undefined, GroupingRule>;
  padrone: ColumnType<PadroneSettings, string | undefined, string>;
  platform: ColumnType<PaidMatchSettings | null, string | null | undefined, string>;
  session_webhook: ColumnType<SessionWebhookSettings | null, string | null | undefined, string | null>;
  revision: Generated<number>;
  retired_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

/** Which ticket is each player's current one: the guard behind "one searching ticket per player". */
export interface PlayerTicketsTable {
  project_id: string;
  player_id: string;
  ticket_id: string;
  previous_ticket_id: string | null;
  requested_at: Date;
  updated_at: Generated<Date>;
}

/** Dedicated servers on offer (a read model the server workflows keep; claims still go to the workflow). */
export interface ServersTable {
  project_id: string;
  name: string;
  server_tag: string | null;
  state: 'available' | 'consumed' | 'gone';
  expires_at: Date;
  registered_at: Date;
  session_id: string | null;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  project_id: string;
  server_name: string | null;
  match_tag: string | null;
  server_tag: string | null;
  teams: ColumnType<SessionMember[][], string, string>;
  state: string;
  result_status: string | null;
  ranks: ColumnType<number[] | null, string | null, string | null>;
  decided_by: string | null;
  started_at: Generated<Date>;
  ended_at: Date | null;
  server_info: ColumnType<unknown, string | null, string | null>;
}

/** A player's part in an ended session (015_session_players): kept after retention prunes the session. */
export interface SessionPlayersTable {
  project_id: string;
  session_id: string;
  player_id: string;
  team: number;
  rank: number | null;
  state: string;
  rating_before: number | null;
  rating_after: number | null;
  ended_at: Date;
}

/** The outbox of session events (016_session_webhooks): one row per session and event, for projects with a webhook. */
export interface WebhookDeliveriesTable {
  seq: ColumnType<string, never, never>;
  id: string;
  project_id: string;
  session_id: string;
  event: SessionEventType;
  body: string;
  state: ColumnType<DeliveryState, DeliveryState | undefined, DeliveryState>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Every try to deliver one: what the receiver answered (or why nothing came back) and how long it took. */
export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Date;
  url: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface RatingsTable {
  project_id: string;
  player_id: string;
  rating: number;
  deviation: number;
  volatility: number;
  games: Generated<number>;
  updated_at: Generated<Date>;
}

export interface TicketStatusesTable {
  ticket_id: string;
  project_id: string;
  status: ColumnType<TicketStatus, string, string>;
  answered_at: Generated<Date>;
}

/** A ticket's `info`, written once by the ticket; sessions show it to everyone in them. */
export interface TicketInfosTable {
  ticket_id: string;
  project_id: string;
  info: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}


export interface HostsTable {
  project_id: string;
  endpoint: string;
  owner: string;
  owner_name: string | null;
  name: string;
  peer_info: ColumnType<{ external: string; internal: string }, string, string>;
  password_protected: boolean;
  password_hash: string | null;
  is_private: boolean;
  version: string;
  max_players: number;
  player_count: number;
  online_since: Date;
  lat: number | null;
  lon: number | null;
  country: string | null;
  updated_at: Generated<Date>;
  last_ping: Date | null;
  checked_at: Date | null;
  x: number | null;
  y: number | null;
  z: number | null;
  seats: ColumnType<SeatTimes | null, string | null, string | null>;
}

/** int8 columns arrive as strings (exact); repositories turn them into numbers, which stay exact below 2^53. */
type Int8 = ColumnType<string, number | undefined, number>;

export interface LedgerAccountsTable {
  id: string;
  project_id: string;
  kind: string;
  owner: string;
  balance: Int8;
  created_at: Generated<Date>;
}

export interface LedgerTransactionsTable {
  seq: ColumnType<string, never, never>;
  id: string;
  idempotency_key: string;
  project_id: string;
  kind: string;
  from_account: string;
  to_account: string;
  amount: Int8;
  match_id: string | null;
  player_id: string | null;
  memo: string | null;
  posted_at: Generated<Date>;
}

export interface PaidMatchesTable {
  id: string;
  project_id: string;
  state: string;
  view: ColumnType<PaidMatchView, string, string>;
  created_at: Date;
  updated_at: Generated<Date>;
}

/** Console sign-in (017_console). */
export interface ConsoleUsersTable {
  username: string;
  password_hash: string;
  role: string;
  created_at: Generated<Date>;
  disabled_at: Date | null;
}

export interface ConsoleAuditTable {
  seq: ColumnType<string, never, never>;
  at: Generated<Date>;
  username: string;
  role: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: ColumnType<unknown, string | null, string | null>;
  ip: string | null;
}

/** A ticket put in line: its bucket and times, for the live queue (017_console); its verdict is in ticket_statuses. */
export interface TicketsTable {
  ticket_id: string;
  project_id: string;
  player_id: string;
  bucket_label: string;
  requested_at: Date;
  deadline_at: Date;
}

export interface Database {
  projects: ProjectsTable;
  player_tickets: PlayerTicketsTable;
  servers: ServersTable;
  /** The server each session last asked to take it, and its yes once heard (db/migrations/019 and 020). */
  server_claims: {
    project_id: string; session_id: string; server_name: string; claimed_at: Generated<Date>; answer: ColumnType<unknown, string | null | undefined, string | null>;
  };
  sessions: SessionsTable;
  ratings: RatingsTable;
  session_players: SessionPlayersTable;
  tickets: TicketsTable;
  console_users: ConsoleUsersTable;
  console_sessions: { token_digest: string; username: string; csrf_token: string; created_at: Generated<Date>; expires_at: Date };
  console_audit: ConsoleAuditTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  ticket_statuses: TicketStatusesTable;
  ticket_infos: TicketInfosTable;
  hosts: HostsTable;
  padrone_sessions: { project_id: string; player_id: string; host_endpoint: string; session_id: string };
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_postings: { transaction_id: string; account_id: string; amount: Int8 };
  paid_matches: PaidMatchesTable;
  paid_match_players: { match_id: string; project_id: string; player_id: string; team_id: string };
  host_claims: { project_id: string; endpoint: string; owner: string; claimed_at: Generated<Date> };
  versus_seeds: { token_digest: string; project_id: string; secret_fingerprint: string; expires_at: Date };
  login_limits: { key: string; points: number; expire: string | null };
  match_requests: {
    project_id: string; player_id: string; idempotency_key: string; request_fingerprint: string; ticket_id: string; match_token: string; created_at: Generated<Date>;
  };
}
