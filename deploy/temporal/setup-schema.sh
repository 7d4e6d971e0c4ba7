#!/bin/sh
# Creates Temporal's two PostgreSQL databases where missing and brings their schemas to the versions in
# temporal.env, with Temporal's own SQL tool and the schemas built into it. Safe to run again: a database
# already at its version is left alone. Needs temporal-sql-tool on PATH and POSTGRES_PWD (may be empty).
set -eu

sql() {
  SQL_PASSWORD="${POSTGRES_PWD:-}" temporal-sql-tool --plugin postgres12 --endpoint "$POSTGRES_SEEDS" --port "$DB_PORT" \
    --user "$POSTGRES_USER" "$@"
}

setup() { # database, embedded schema name, version
  if sql --database "$1" create-database >/dev/null 2>&1; then
    echo "setup-schema: created database $1"
  fi
  sql --database "$1" setup-schema --version 0.0 >/dev/null
  sql --database "$1" update-schema --schema-name "$2" --version "$3"
  echo "setup-schema: $1 at schema $3"
}

setup "$DBNAME" postgresql/v12/temporal "$TEMPORAL_SCHEMA_VERSION"
setup "$VISIBILITY_DBNAME" postgresql/v12/visibility "$TEMPORAL_VISIBILITY_SCHEMA_VERSION"
