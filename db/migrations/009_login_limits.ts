import type { Kysely } from 'kysely';

/**
 * Failed logins counted by rate-limiter-flexible (api/login-limits.ts), shared by every API replica. The shape
 * is the library's own; it deletes expired rows itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_limits').execute();
}
