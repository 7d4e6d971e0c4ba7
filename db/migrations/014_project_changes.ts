import type { Kysely } from 'kysely';

/**
 * Projects whose settings change: `revision` counts the changes (a matcher keeps the grouping rule of the highest
 * revision it has seen, whichever order two changes reach it in), `retired_at` marks a project taken out of service
 * (kept, because its sessions, ratings and ledger name it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).addColumn('retired_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').dropColumn('retired_at').dropColumn('revision').execute();
}
