import { sql, type Kysely } from 'kysely';

/** Versus credentials per project (the project is the game): game uuid, developer uuid and API secret. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('versus_game_uuid', 'text', (c) => c.notNull().defaultTo(sql`gen_random_uuid()::text`))
    .addColumn('versus_developer_uuid', 'text', (c) => c.notNull().defaultTo(sql`gen_random_uuid()::text`))
    .addColumn('versus_api_secret', 'text', (c) => c.notNull().defaultTo(sql`encode(sha256(gen_random_uuid()::text::bytea), 'hex')`))
    .execute();
  await db.schema.createIndex('projects_versus_game_uuid').unique().on('projects').column('versus_game_uuid').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('projects_versus_game_uuid').execute();
  await db.schema.alterTable('projects').dropColumn('versus_game_uuid').dropColumn('versus_developer_uuid').dropColumn('versus_api_secret').execute();
}
