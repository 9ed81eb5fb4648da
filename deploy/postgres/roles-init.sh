#!/bin/sh
# First start of the primary (docker-entrypoint-initdb.d, before primary-init.sh): the owner,
# writer and reader roles of roles.sql. An older deployment runs it once by hand (see
# docs/deployment-compose.md); it is idempotent, and a rerun sets the passwords again.
# Needs: POSTGRES_OWNER_PASSWORD, POSTGRES_WRITER_PASSWORD, POSTGRES_READER_PASSWORD;
# POSTGRES_USER / POSTGRES_DB (psql connects with them: the image's superuser).
# Optional: ROLES_SQL (default /etc/postgresql/roles.sql), DB_OWNER_ROLE, DB_WRITER_ROLE,
# DB_READER_ROLE (default covidmesh_owner, covidmesh_writer, covidmesh_reader).
set -eu
: "${POSTGRES_OWNER_PASSWORD:?set POSTGRES_OWNER_PASSWORD}"
: "${POSTGRES_WRITER_PASSWORD:?set POSTGRES_WRITER_PASSWORD}"
: "${POSTGRES_READER_PASSWORD:?set POSTGRES_READER_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v db="${POSTGRES_DB:-postgres}" \
  -v owner="${DB_OWNER_ROLE:-covidmesh_owner}" -v owner_pw="$POSTGRES_OWNER_PASSWORD" \
  -v writer="${DB_WRITER_ROLE:-covidmesh_writer}" -v writer_pw="$POSTGRES_WRITER_PASSWORD" \
  -v reader="${DB_READER_ROLE:-covidmesh_reader}" -v reader_pw="$POSTGRES_READER_PASSWORD" \
  -f "${ROLES_SQL:-/etc/postgresql/roles.sql}" >/dev/null
