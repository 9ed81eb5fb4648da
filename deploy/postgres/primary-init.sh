#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d, or the test harness): a replication
# role, its pg_hba entry, the replica's slot, and the replication settings.
# Needs: REPLICATION_PASSWORD; PGDATA; POSTGRES_USER / POSTGRES_DB (psql connects with them).
# Optional: REPLICATION_CONF (default /etc/postgresql/replication.conf), REPLICA_SLOT (host_b),
# PG_TLS_DIR (TLS required on every TCP connection, see below).
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

# TLS between the hosts (PG_TLS_DIR: ca.crt, node.crt, node.key from deploy/gen-env.sh): the
# server's certificate and key are copied into the data directory (Postgres wants a key only its
# own user can read), and every TCP connection must use TLS: replication (host B's replica) and
# host B's writers, whose relay passes the TLS session through to here.
if [ -n "${PG_TLS_DIR:-}" ]; then
  mkdir -p "$PGDATA/tls"
  cp "$PG_TLS_DIR/node.crt" "$PGDATA/tls/server.crt"
  cp "$PG_TLS_DIR/node.key" "$PGDATA/tls/server.key"
  cp "$PG_TLS_DIR/ca.crt" "$PGDATA/tls/ca.crt"
  chmod 600 "$PGDATA/tls/server.key"
  grep -q '^ssl = on' "$PGDATA/postgresql.conf" || cat >> "$PGDATA/postgresql.conf" <<'CONF'
ssl = on
ssl_cert_file = 'tls/server.crt'
ssl_key_file = 'tls/server.key'
ssl_ca_file = 'tls/ca.crt'
ssl_min_protocol_version = 'TLSv1.2'
CONF
  # First lines win: plain TCP is refused before the image's `host all all all` line is reached.
  if ! grep -q '^hostnossl all all all reject' "$PGDATA/pg_hba.conf"; then
    { printf 'hostnossl all all all reject\nhostnossl replication all all reject\nhostssl replication replicator all scram-sha-256\n'; cat "$PGDATA/pg_hba.conf"; } > "$PGDATA/pg_hba.conf.new"
    mv "$PGDATA/pg_hba.conf.new" "$PGDATA/pg_hba.conf"
  fi
fi

# Replication connections need their own pg_hba line ("all" does not cover them).
grep -q '^host replication replicator' "$PGDATA/pg_hba.conf" ||
  echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"
grep -q "^include_if_exists '$conf'" "$PGDATA/postgresql.conf" ||
  echo "include_if_exists '$conf'" >> "$PGDATA/postgresql.conf"
