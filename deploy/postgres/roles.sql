-- Least privilege in Postgres: three login roles, none a superuser, on the application database.
--   owner   owns the database, its schemas and tables; migrations run as it (persistence only)
--   writer  reads and writes rows (the workers that store: persistence, reports, social-activity,
--           exposure-risk); no DDL, no COPY … PROGRAM, no role or database changes
--   reader  reads rows (exposure-risk's fallback to host B's replica, operators' probes)
-- Run by a superuser with psql on the application database, idempotent:
--   psql -v ON_ERROR_STOP=1 -v db=… -v owner=… -v writer=… -v reader=… \
--        -v owner_pw=… -v writer_pw=… -v reader_pw=… -f roles.sql
-- deploy/postgres/primary-init.sh runs it on the primary's first start; an older deployment
-- runs it once by hand (docs/deployment-compose.md): tables the superuser created then pass
-- to the owner.
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'writer', :'writer_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'writer') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'reader', :'reader_pw')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'reader') \gexec
-- A rerun with new secrets changes the passwords; never any attribute beyond LOGIN.
SELECT format('ALTER ROLE %I NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN PASSWORD %L', r.name, r.pw)
  FROM (VALUES (:'owner', :'owner_pw'), (:'writer', :'writer_pw'), (:'reader', :'reader_pw')) AS r(name, pw) \gexec

ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"writer";
GRANT CONNECT ON DATABASE :"db" TO :"reader";

-- public belongs to pg_database_owner (the owner, now). Nobody else creates anything there.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"writer", :"reader";
-- drizzle's migration journal: the services check it to wait for the owner's migrations.
CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION :"owner";
ALTER SCHEMA drizzle OWNER TO :"owner";
GRANT USAGE ON SCHEMA drizzle TO :"writer", :"reader";

-- Tables created before the roles existed (by the superuser) pass to the owner.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', schemaname, tablename, :'owner')
  FROM pg_tables WHERE schemaname IN ('public', 'drizzle') AND tableowner <> :'owner' \gexec

-- What the owner creates from now on (each migration), and what exists already.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"writer";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"writer";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO :"reader";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA drizzle GRANT SELECT ON TABLES TO :"writer", :"reader";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"writer";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"writer";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"reader";
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO :"writer", :"reader";
