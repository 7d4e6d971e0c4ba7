import { sql, type Kysely } from 'kysely';

/**
 * The console's people and what they did: users (scrypt hashes, one role each), sign-in sessions (only a digest of
 * the cookie is kept, so a database dump signs nobody in) and the audit log of every change made from the console.
 * `tickets` is the live queue's read model: the API writes a ticket's bucket when it puts it in line, so the console
 * counts searching tickets per bucket and times matches from an index, without asking a single workflow.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_users')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_digest', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().references('console_users.username'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('console_audit')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('console_audit_by_user').on('console_audit').columns(['username', 'seq desc']).execute();

  await db.schema
    .createTable('tickets')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('bucket_label', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deadline_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tickets_by_deadline').on('tickets').columns(['project_id', 'deadline_at']).execute();
  await db.schema.createIndex('tickets_by_player').on('tickets').columns(['project_id', 'player_id', 'requested_at desc']).execute();
  await db.schema.createIndex('tickets_by_age').on('tickets').column('requested_at').execute();
  // Queue depth over every project (the metrics' gauge): only tickets not yet past their deadline are read.
  await db.schema.createIndex('tickets_live').on('tickets').column('deadline_at').execute();
  await db.schema.createIndex('ticket_statuses_by_answer').on('ticket_statuses').columns(['project_id', 'answered_at desc']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ticket_statuses_by_answer').execute();
  await db.schema.dropTable('tickets').execute();
  await db.schema.dropTable('console_audit').execute();
  await db.schema.dropTable('console_sessions').execute();
  await db.schema.dropTable('console_users').execute();
}
