import { sql, type Kysely } from 'kysely';

/** Padrone settings per project: provider keys, admin logins (hashed) and the developers' player ids. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('projects')
    .addColumn('padrone', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"admins":[],"developers":[]}'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('padrone').execute();
}
