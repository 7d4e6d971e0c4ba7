import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('test_key', 'text')
    .addColumn('server_token', 'text', (c) => c.notNull())
    .addColumn('itch_api_base_url', 'text', (c) => c.notNull())
    .addColumn('itch_server_key', 'text')
    .addColumn('itch_game_id', 'text')
    .addColumn('steam_app_id', 'integer')
    .addColumn('steam_ticket_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('player_tickets')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('previous_ticket_id', 'text')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('player_tickets_pk', ['project_id', 'player_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('player_tickets').execute();
  await db.schema.dropTable('projects').execute();
}
