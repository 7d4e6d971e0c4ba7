import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_projects';
import * as m002 from './002_versus';
import * as m003 from './003_matchmaking';
import * as m004 from './004_ticket_statuses';
import * as m005 from './005_padrone';
import * as m006 from './006_hosts';
import * as m007 from './007_platform';
import * as m008 from './008_ticket_infos';
import * as m009 from './009_login_limits';
import * as m010 from './010_versus_seeds';
import * as m011 from './011_match_requests';
import * as m012 from './012_retention';
import * as m013 from './013_host_pings';
import * as m014 from './014_project_changes';
import * as m015 from './015_session_players';
import * as m016 from './016_session_webhooks';
import * as m017 from './017_console';
import * as m018 from './018_results_indexes';
import * as m019 from './019_server_claims';
import * as m020 from './020_server_claim_answers';

/** One migration history for PostgreSQL and PGlite alike; listed statically so bundles and tsx agree. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({
    '001_projects': m001, '002_versus': m002, '003_matchmaking': m003, '004_ticket_statuses': m004, '005_padrone': m005, '006_hosts': m006, '007_platform': m007,
    '008_ticket_infos': m008, '009_login_limits': m009, '010_versus_seeds': m010, '011_match_requests': m011, '012_retention': m012, '013_host_pings': m013,
    '014_project_changes': m014, '015_session_players': m015, '016_session_webhooks': m016, '017_console': m017, '018_results_indexes': m018, '019_server_claims': m019,
    '020_server_claim_answers': m020,
  }),
};
