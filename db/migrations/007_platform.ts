import { sql, type Kysely } from 'kysely';

/** Paid platform matches: each game's settings, the double-entry ledger, and the matches' read model. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Null for projects made before paid matches: their client secret is made on first use.
  await db.schema.alterTable('projects').addColumn('platform', 'jsonb').execute();

  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('wallet', 'escrow', 'house', 'external')`))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The database itself refuses an overdraft, whatever races the application loses.
    .addCheckConstraint('ledger_accounts_no_overdraft', sql`kind = 'external' or balance >= 0`)
    .execute();
  await db.schema.createIndex('ledger_accounts_by_project').on('ledger_accounts').columns(['project_id', 'kind']).execute();

  await db.schema
    .createTable('ledger_transactions')
    .addColumn('seq', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_account', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('to_account', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('match_id', 'text')
    .addColumn('player_id', 'text')
    .addColumn('memo', 'text')
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The guard that makes a retried payment a no-op.
    .addUniqueConstraint('ledger_transactions_idempotency_key', ['idempotency_key'])
    .execute();
  await db.schema.createIndex('ledger_transactions_by_time').on('ledger_transactions').columns(['project_id', 'posted_at']).execute();
  await db.schema.createIndex('ledger_transactions_by_match').on('ledger_transactions').column('match_id').execute();
  await db.schema.createIndex('ledger_transactions_by_player').on('ledger_transactions').columns(['project_id', 'player_id']).execute();

  await db.schema
    .createTable('ledger_postings')
    .addColumn('transaction_id', 'text', (c) => c.notNull().references('ledger_transactions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_postings_pk', ['transaction_id', 'account_id'])
    .execute();
  await db.schema.createIndex('ledger_postings_by_account').on('ledger_postings').column('account_id').execute();

  await db.schema
    .createTable('paid_matches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('view', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('paid_matches_by_state').on('paid_matches').columns(['project_id', 'state', 'created_at']).execute();

  await db.schema
    .createTable('paid_match_players')
    .addColumn('match_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('player_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('paid_match_players_pk', ['match_id', 'player_id'])
    .execute();
  await db.schema.createIndex('paid_match_players_by_player').on('paid_match_players').columns(['project_id', 'player_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['paid_match_players', 'paid_matches', 'ledger_postings', 'ledger_transactions', 'ledger_accounts']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('projects').dropColumn('platform').execute();
}
