// deploy/postgres/roles-init.sh (roles.sql) on the machine's Postgres 15, with role and database
// names unique to the run (dropped afterwards): the owner migrates, the writer stores rows
// (temp tables included) but runs no DDL and nothing a superuser may, the reader only reads,
// and the writer's services wait for the owner's migrations.
import { afterAll, beforeAll, expect } from "bun:test";
import { join } from "node:path";
import postgres from "postgres";
import { createPostgresStorage } from "../../sql/drivers/postgresJs.ts";
import { ADMIN_DATABASE_URL, createTempDatabase, describeWithPostgres, type TempDatabase } from "../../sql/testSupport.ts";
import { waitForMigrations } from "../../sql/mod.ts";
import { grid, region } from "../../sql/contractFixtures.ts";
import { test } from "bun:test";

const tag = crypto.randomUUID().replaceAll("-", "").slice(0, 10);
const roles = { owner: `cm_owner_${tag}`, writer: `cm_writer_${tag}`, reader: `cm_reader_${tag}` };
let db: TempDatabase;

function urlAs(role: string): string {
  const u = new URL(db.url);
  u.username = role;
  u.password = `pw-${role}`;
  return u.toString();
}

function runRolesInit(): { code: number; stderr: string } {
  const admin = new URL(ADMIN_DATABASE_URL);
  const p = Bun.spawnSync(["sh", join(import.meta.dir, "roles-init.sh")], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      PGHOST: admin.hostname,
      PGPORT: admin.port || "5432",
      POSTGRES_USER: decodeURIComponent(admin.username) || "postgres",
      POSTGRES_DB: db.name,
      ROLES_SQL: join(import.meta.dir, "roles.sql"),
      DB_OWNER_ROLE: roles.owner,
      DB_WRITER_ROLE: roles.writer,
      DB_READER_ROLE: roles.reader,
      POSTGRES_OWNER_PASSWORD: `pw-${roles.owner}`,
      POSTGRES_WRITER_PASSWORD: `pw-${roles.writer}`,
      POSTGRES_READER_PASSWORD: `pw-${roles.reader}`,
    },
  });
  return { code: p.exitCode, stderr: p.stderr.toString() };
}

describeWithPostgres("Postgres roles of the deployment (owner, writer, reader)", () => {
  beforeAll(async () => {
    db = await createTempDatabase("covidmesh_roles");
  });
  afterAll(async () => {
    await db?.drop();
    const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      for (const r of Object.values(roles)) await admin.unsafe(`drop role if exists "${r}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  test("roles-init.sh creates three roles, none with any attribute beyond LOGIN, and is idempotent", async () => {
    expect(runRolesInit()).toEqual({ code: 0, stderr: "" });
    expect(runRolesInit()).toEqual({ code: 0, stderr: "" });
    const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; rolreplication: boolean; rolcanlogin: boolean }[]>`
        select rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolcanlogin from pg_roles where rolname in ${admin(Object.values(roles))} order by rolname`;
      expect(rows.length).toBe(3);
      for (const r of rows) expect([r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolcanlogin]).toEqual([false, false, false, false, true]);
      const [owner] = await admin<{ owner: string }[]>`select pg_get_userbyid(datdba) as owner from pg_database where datname = ${db.name}`;
      expect(owner!.owner).toBe(roles.owner);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });

  test("a writer waits for migrations; the owner runs them; then the writer stops waiting", async () => {
    await expect(waitForMigrations(urlAs(roles.writer), { timeoutMs: 300, intervalMs: 100 })).rejects.toThrow(/not migrated/);
    const owner = createPostgresStorage(urlAs(roles.owner));
    try {
      await owner.migrate();
    } finally {
      await owner.close();
    }
    await waitForMigrations(urlAs(roles.writer), { timeoutMs: 5_000 });
    await waitForMigrations(urlAs(roles.reader), { timeoutMs: 5_000 });
  });

  test("the writer stores rows (temp tables too) but runs no DDL, no COPY PROGRAM, no role change", async () => {
    const writer = createPostgresStorage(urlAs(roles.writer));
    try {
      const r = await writer.applyRegions(`roles-${tag}`, 0, [region(36061)]);
      expect(r.applied).toBe(true);
      expect((await writer.listRegions()).map((x) => x.id)).toEqual([36061]);
      // Observations go through per-session temp tables (sql/regionDayWrite.ts): TEMPORARY is granted.
      const obs = await writer.applyObservations(`roles-${tag}`, 1, "jhu-us", grid([36061], 3));
      expect(obs.applied).toBe(true);
      expect(await writer.countObservations()).toBeGreaterThan(0);
    } finally {
      await writer.close();
    }
    const sql = postgres(urlAs(roles.writer), { max: 1, onnotice: () => {} });
    try {
      await expect(sql.unsafe("create table intruder (i int)")).rejects.toThrow(/permission denied/);
      await expect(sql.unsafe("drop table regions")).rejects.toThrow(/must be owner/);
      await expect(sql.unsafe("alter table regions add column x int")).rejects.toThrow(/must be owner/);
      await expect(sql.unsafe("copy (select 1) to program 'true'")).rejects.toThrow(/permission denied|must be superuser/);
      await expect(sql.unsafe(`create role intruder_${tag}`)).rejects.toThrow(/permission denied/);
      await expect(sql.unsafe("delete from drizzle.__drizzle_migrations")).rejects.toThrow(/permission denied/);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  test("the reader reads and writes nothing", async () => {
    const sql = postgres(urlAs(roles.reader), { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from regions`;
      expect(row!.n).toBe(1);
      await expect(sql.unsafe("insert into regions (id, name, level) values (1, 'x', 'state')")).rejects.toThrow(/permission denied/);
      await expect(sql.unsafe("delete from regions")).rejects.toThrow(/permission denied/);
      await expect(sql.unsafe("create temp table t (i int)")).rejects.toThrow(/permission denied/);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
