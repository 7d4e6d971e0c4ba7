import type { ColumnType, Generated } from 'kysely';

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

export interface Database {
  projects: ProjectsTable;
  player_tickets: PlayerTicketsTable;
}
