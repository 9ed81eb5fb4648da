#!/bin/sh
# Host B's Postgres: on first start, clone the primary with pg_basebackup (streaming WAL, into
# the slot primary-init.sh created) and configure it as a hot standby; then run the arguments
# (compose: `postgres`). The standby follows the primary by itself, also after either restarts.
# Needs: PGDATA, PRIMARY_HOST, REPLICATION_PASSWORD. Optional: PRIMARY_PORT (5432), REPLICA_SLOT (host_b).
set -eu
: "${PGDATA:?}"
: "${PRIMARY_HOST:?set PRIMARY_HOST}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "replica: cloning ${PRIMARY_HOST}:${PRIMARY_PORT:-5432} into $PGDATA"
  # The primary may still be starting (first boot of both hosts): retry for a few minutes.
  tries=0
  until PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup --pgdata="$PGDATA" \
      --host="$PRIMARY_HOST" --port="${PRIMARY_PORT:-5432}" --username=replicator \
      --slot="${REPLICA_SLOT:-host_b}" --wal-method=stream --checkpoint=fast --write-recovery-conf; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "replica: primary unreachable, giving up" >&2; exit 1; }
    rm -rf "${PGDATA:?}"/* && sleep 5
  done
  # -R wrote primary_conninfo without the password: keep it in the standby's own config.
  echo "primary_conninfo = 'host=${PRIMARY_HOST} port=${PRIMARY_PORT:-5432} user=replicator password=${REPLICATION_PASSWORD} application_name=host_b'" >> "$PGDATA/postgresql.auto.conf"
  echo "primary_slot_name = '${REPLICA_SLOT:-host_b}'" >> "$PGDATA/postgresql.auto.conf"
  chmod 700 "$PGDATA"
fi

[ "$#" -eq 0 ] || exec "$@"
