#!/usr/bin/env bash
# PostgreSQL's two roles and a backup that is restored, as docs/operations.md describes them:
# the owner migrates; the application role (data only) runs Hjemvej and cannot empty or alter the
# audit log, create or drop tables, or switch triggers off; pg_dump of the database is restored
# into a new one, which passes the CPR key check and holds the same citizens.
# Usage: .ci/roles.sh (PostgreSQL at HJEMVEJ_ROLES_POSTGRES, default 127.0.0.1:5432, trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HJEMVEJ_ROLES_HOST:-127.0.0.1}"
DB=hjemvej_roles
RESTORED=hjemvej_roles_restored
OWNER=hjemvej_roles_owner
APP=hjemvej_roles_app
ADMIN="psql -h $HOST -U postgres -v ON_ERROR_STOP=1 -q"
step() { echo "[roles] $*"; }

cleanup() {
  $ADMIN -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP DATABASE IF EXISTS $RESTORED WITH (FORCE)" \
    -c "DROP ROLE IF EXISTS $APP" -c "DROP ROLE IF EXISTS $OWNER" 2>/dev/null || true
}
cleanup
trap cleanup EXIT
WORK=$(mktemp -d)

step "Ejeren ($OWNER) ejer databasen og migrerer; programmets rolle ($APP) får kun data."
$ADMIN -c "CREATE ROLE $OWNER LOGIN" -c "CREATE ROLE $APP LOGIN"
$ADMIN -c "CREATE DATABASE $DB OWNER $OWNER"
$ADMIN -d "$DB" -c "REVOKE ALL ON SCHEMA public FROM PUBLIC" -c "ALTER SCHEMA public OWNER TO $OWNER"
export HJEMVEJ_SECRET_KEY="roles-test-secret-not-for-production"
HJEMVEJ_CPR_KEY=$(.venv/bin/python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())")
export HJEMVEJ_CPR_KEY HJEMVEJ_VAR_DIR="$WORK/var"
DATABASE_URL="postgres://$OWNER@$HOST:5432/$DB" .venv/bin/hjemvej migrate --noinput -v 0
# The grants in one place (hjemvej dbroles, as docs/operations.md and the tests use it).
DATABASE_URL="postgres://$OWNER@$HOST:5432/$DB" .venv/bin/hjemvej dbroles grant --app-role "$APP" >/dev/null
DATABASE_URL="postgres://$APP@$HOST:5432/$DB" .venv/bin/hjemvej dbroles check >/dev/null
# The audit log's months a year ahead (migrate made them; the monthly job keeps them).
DATABASE_URL="postgres://$OWNER@$HOST:5432/$DB" .venv/bin/hjemvej audit partitions --check >/dev/null

step "Programmets rolle kører Hjemvej: start-tjekket og demodata gennem tjenesterne."
DATABASE_URL="postgres://$APP@$HOST:5432/$DB" .venv/bin/hjemvej check >/dev/null
DATABASE_URL="postgres://$APP@$HOST:5432/$DB" .venv/bin/hjemvej demo --allow-demo-users >/dev/null

step "Programmets rolle må ikke tømme eller ændre adgangsloggen eller skemaet."
for sql in "TRUNCATE accounts_auditentry" "DELETE FROM accounts_auditentry" \
  "UPDATE accounts_auditentry SET username = username" "TRUNCATE citizens_citizen CASCADE" \
  "ALTER TABLE accounts_auditentry DISABLE TRIGGER ALL" "SET session_replication_role = replica" \
  "CREATE TABLE x (i int)" "DROP TABLE citizens_citizen"; do
  if psql -h "$HOST" -U "$APP" -d "$DB" -q -c "$sql" >/dev/null 2>&1; then
    echo "FEJL: programmets rolle fik lov til: $sql" >&2
    exit 1
  fi
done

step "Sikkerhedskopi (pg_dump) og genskabelse i en ny database."
pg_dump -h "$HOST" -U "$OWNER" -Fc -f "$WORK/hjemvej.dump" "$DB"
$ADMIN -c "CREATE DATABASE $RESTORED OWNER $OWNER"
pg_restore -h "$HOST" -U "$OWNER" -d "$RESTORED" --no-owner --role="$OWNER" "$WORK/hjemvej.dump"
$ADMIN -d "$RESTORED" -c "GRANT CONNECT ON DATABASE $RESTORED TO $APP"
DATABASE_URL="postgres://$APP@$HOST:5432/$RESTORED" .venv/bin/hjemvej check >/dev/null
count() { psql -h "$HOST" -U "$APP" -d "$1" -Atc "SELECT count(*) FROM citizens_citizen"; }
before=$(count "$DB"); after=$(count "$RESTORED")
if [ "$before" != "$after" ] || [ "$before" = 0 ]; then
  echo "FEJL: $before borgere før, $after efter genskabelsen" >&2
  exit 1
fi
# The restored audit log (partitioned by month) still holds a whole chain.
DATABASE_URL="postgres://$APP@$HOST:5432/$RESTORED" .venv/bin/hjemvej audit verify >/dev/null
step "Genskabt: $after borgere, CPR-nøglen passer. Rollerne og kopien holder."
rm -rf "$WORK"
