import { sql, type Kysely } from 'kysely';

/**
 * Session webhooks: a project's receiver (`session_webhook`: URL and signing secret, null when it has none), the
 * outbox of events due to it (`webhook_deliveries`, one row per session and event, written beside what it tells
 * of) and every try to deliver one (`webhook_attempts`), which operators and the console read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('projects').addColumn('session_webhook', 'jsonb').execute();

  await db.schema
    .createTable('webhook_deliveries')
    // Pages newest first by this: an id alone has no order, a time may tie.
    .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    // Text, not jsonb: the very bytes every try sends and signs, keys in their order.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One event of each type per session, whatever retries write it.
    .addUniqueConstraint('webhook_deliveries_one_per_event', ['session_id', 'event'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_by_project').on('webhook_deliveries').columns(['project_id', 'seq desc']).execute();
  await db.schema.createIndex('webhook_deliveries_by_state').on('webhook_deliveries').columns(['project_id', 'state', 'seq desc']).execute();
  // Retention takes ended deliveries by age without reading the rest.
  await db.schema.createIndex('webhook_deliveries_ended').on('webhook_deliveries').column('updated_at').where(sql.ref('state'), '<>', 'pending').execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.alterTable('projects').dropColumn('session_webhook').execute();
}
