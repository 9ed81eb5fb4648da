#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d, or the test harness): a replication
# role, its pg_hba entry, the replica's slot, and the replication settings.
# Needs: REPLICATION_PASSWORD; PGDATA; POSTGRES_USER / POSTGRES_DB (psql connects with them).
# Optional: REPLICATION_CONF (default /etc/postgresql/replication.conf), REPLICA_SLOT (host_b).
set -eu
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
: "${PGDATA:?}"
conf="${REPLICATION_CONF:-/etc/postgresql/replication.conf}"
slot="${REPLICA_SLOT:-host_b}"

psql -v ON_ERROR_STOP=1 -v pw="$REPLICATION_PASSWORD" -v slot="$slot" \
  --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" <<'SQL'
SELECT format('CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD %L', :'pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'replicator') \gexec
SELECT pg_create_physical_replication_slot(:'slot')
  WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
SQL

# Replication connections need their own pg_hba line ("all" does not cover them).
grep -q '^host replication replicator' "$PGDATA/pg_hba.conf" ||
  echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"
grep -q "^include_if_exists '$conf'" "$PGDATA/postgresql.conf" ||
  echo "include_if_exists '$conf'" >> "$PGDATA/postgresql.conf"
