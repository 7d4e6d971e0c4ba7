import { sql } from 'kysely';
import type { Db } from '../db/create-db';
import { moveWallet } from '../core/paid-matches/wallets';

export interface ConsoleSeed {
  hosts: number;
  sessions: number;
  players: number;
  wallets: number;
}

/**
 * A project as a busy game leaves it after a month, written straight into the tables the console reads (the
 * workflows' writes, without the workflows): `sessions` 1v1s settled over 30 days with both players' rows and
 * ratings, `hosts` live hosts over 40 countries, an hour of tickets, and wallet deposits through the ledger.
 */
export async function seedConsoleProject(db: Db, projectId: string, s: ConsoleSeed, step: (what: string) => void): Promise<void> {
  step(`${s.sessions} sessions`);
  await sql`
    insert into sessions (id, project_id, server_name, match_tag, server_tag, teams, state, result_status, ranks, decided_by, started_at, ended_at)
    select 'bench-' || i, ${projectId}, null, 'bench', null,
           jsonb_build_array(jsonb_build_array(jsonb_build_object('ticketId', 't' || i || 'a', 'playerId', 'p' || (i % ${s.players}))),
                             jsonb_build_array(jsonb_build_object('ticketId', 't' || i || 'b', 'playerId', 'p' || ((i * 7 + 1) % ${s.players})))),
           case when i % 50 = 0 then 'disputed' when i % 77 = 0 then 'abandoned' else 'settled' end,
           case when i % 50 = 0 or i % 77 = 0 then null else 'finished' end,
           case when i % 50 = 0 or i % 77 = 0 then null else '[0,1]'::jsonb end,
           case when i % 50 = 0 or i % 77 = 0 then null else 'agreement' end,
           now() - (i * interval '26 seconds') - interval '5 minutes', now() - (i * interval '26 seconds')
      from generate_series(1, ${s.sessions}) as i`.execute(db);
  step('session players');
  await sql`
    insert into session_players (project_id, session_id, player_id, team, rank, state, rating_before, rating_after, ended_at)
    select s.project_id, s.id, m.value->>'playerId', t.ordinality - 1, case when s.ranks is null then null else (t.ordinality - 1)::int end, s.state,
           case when s.ranks is null then null else 1500 end, case when s.ranks is null then null when t.ordinality = 1 then 1510 else 1490 end, s.ended_at
      from sessions s
      cross join lateral jsonb_array_elements(s.teams) with ordinality as t(team, ordinality)
      cross join lateral jsonb_array_elements(t.team) as m(value)
     where s.project_id = ${projectId}`.execute(db);
  step(`${s.players} ratings`);
  await sql`
    insert into ratings (project_id, player_id, rating, deviation, volatility, games)
    select ${projectId}, 'p' || i, 1500 + ((i * 7919) % 900) - 450, 60 + (i % 200), 0.06, 1 + (i % 40) from generate_series(0, ${s.players - 1}) as i`.execute(db);
  step(`${s.hosts} hosts`);
  await sql`
    insert into hosts (project_id, endpoint, owner, owner_name, name, peer_info, password_protected, password_hash, is_private, version, max_players, player_count, online_since,
                       lat, lon, country, last_ping, x, y, z)
    select ${projectId}, '10.' || (i / 250) || '.' || (i % 250) || '.1:7777', 'owner-' || i, 'Player ' || i, 'Host ' || i,
           jsonb_build_object('external', '10.0.0.1:7777', 'internal', '192.168.0.1:7777'), i % 9 = 0, null, i % 13 = 0, 'v1', 16, i % 17, now() - (i * interval '3 seconds'),
           null, null, 'Country ' || (i % 40), now(), null, null, null
      from generate_series(1, ${s.hosts}) as i`.execute(db);
  step('an hour of tickets');
  await sql`
    insert into tickets (ticket_id, project_id, player_id, bucket_label, requested_at, deadline_at)
    select 'bench-t' || i, ${projectId}, 'p' || i, '1v1 bench-' || (i % 12) || ' -', now() - (i * interval '1 second'), now() - (i * interval '1 second') + interval '2 minutes'
      from generate_series(1, 3600) as i`.execute(db);
  await sql`
    insert into ticket_statuses (ticket_id, project_id, status, answered_at)
    select 'bench-t' || i, ${projectId}, '{"status":"matched","assignment":{"sessionId":"bench-1","teamIndex":0,"mateIndex":0}}'::jsonb,
           now() - (i * interval '1 second') + ((i % 40) * interval '1 second')
      from generate_series(60, 3600) as i`.execute(db);
  step(`${s.wallets} wallet deposits`);
  for (let i = 0; i < s.wallets; i++) await moveWallet({ db }, { projectId, playerId: `p${i}`, kind: 'deposit', amount: 1000 + i, reference: `bench-${i}` });
}
