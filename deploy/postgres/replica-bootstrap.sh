#!/bin/sh
# Host B's Postgres: on first start, clone the primary with pg_basebackup (streaming WAL, into
# the slot primary-init.sh created) and configure it as a hot standby; then run the arguments
# (compose: `postgres`). The standby follows the primary by itself, also after either restarts.
# Needs: PGDATA, PRIMARY_HOST, REPLICATION_PASSWORD. Optional: PRIMARY_PORT (5432), REPLICA_SLOT (host_b),
# PG_TLS_DIR (ca.crt, node.crt, node.key: replication over TLS with verify-full, and this host's certificate).
set -eu
: "${PGDATA:?}"
: "${PRIMARY_HOST:?set PRIMARY_HOST}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: cloning ${PRIMARY_HOST}:${PRIMARY_PORT:-5432} into $PGDATA"
  # The primary may still be starting (first boot of both hosts): retry for a few minutes.
  tries=0
  # With PG_TLS_DIR: TLS, the primary's certificate checked against the CA and its address.
  if [ -n "${PG_TLS_DIR:-}" ]; then export PGSSLMODE=verify-full PGSSLROOTCERT="$PG_TLS_DIR/ca.crt"; fi
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup --pgdata="$PGDATA" \
      --host="$PRIMARY_HOST" --port="${PRIMARY_PORT:-5432}" --username=replicator \
      --slot="${REPLICA_SLOT:-host_b}" --wal-method=stream --checkpoint=fast --write-recovery-conf; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "replica: primary unreachable, giving up" >&2; exit 1; }
    rm -rf "${PGDATA:?}"/* && sleep 5
  done
  # -R wrote primary_conninfo without the password: keep it in the standby's own config.
  tls_conninfo=""
  if [ -n "${PG_TLS_DIR:-}" ]; then
    # This host's own certificate (the clone brought host A's) and the CA the primary is checked against.
    mkdir -p "$PGDATA/tls"
    cp "$PG_TLS_DIR/node.crt" "$PGDATA/tls/server.crt"
    cp "$PG_TLS_DIR/node.key" "$PGDATA/tls/server.key"
    cp "$PG_TLS_DIR/ca.crt" "$PGDATA/tls/ca.crt"
    chmod 600 "$PGDATA/tls/server.key"
    tls_conninfo=" sslmode=verify-full sslrootcert=$PGDATA/tls/ca.crt"
  fi
  echo "primary_conninfo = 'host=${PRIMARY_HOST} port=${PRIMARY_PORT:-5432} user=replicator password=${REPLICATION_PASSWORD} application_name=host_b${tls_conninfo}'" >> "$PGDATA/postgresql.auto.conf"
  echo "primary_slot_name = '${REPLICA_SLOT:-host_b}'" >> "$PGDATA/postgresql.auto.conf"
  chmod 700 "$PGDATA"
fi

[ "$#" -eq 0 ] || exec "$@"
