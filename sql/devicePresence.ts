// Anonymous device presence per region-hour, and the k-anonymous counts read back from it.
import { sql } from "drizzle-orm";
import type { DeviceActivity, DevicePresenceRecord } from "./types.ts";
import { firstRow, resultRows, type Executor } from "./rows.ts";

/** Inserts presences (duplicates do nothing); returns how many were new. `hours` are epoch ms. */
export async function insertDevicePresence(db: Executor, rows: DevicePresenceRecord[], hours: Float64Array): Promise<number> {
  if (rows.length === 0) return 0;
  // JSON carries the device hashes without array-literal quoting rules; batches are small.
  const json = JSON.stringify(rows.map((r, i) => ({ r: r.regionId, h: hours[i] / 1000, d: r.deviceHash })));
  const result = await db.execute(sql`
    with ins as (
      insert into device_presence (region_id, hour, device_hash)
      select r, to_timestamp(h), d from jsonb_to_recordset(${json}::text::jsonb) as t(r int4, h float8, d text)
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from ins`);
  return Number(firstRow(result).n);
}

const HOUR_ISO = `'YYYY-MM-DD"T"HH24:00:00.000"Z"'`;

/**
 * Distinct devices per hour and per UTC day, over hours in [from, to), keeping only buckets
 * with at least k devices. The daily count is distinct over the day (a device seen in three
 * hours counts once), so it is computed from the presences, not summed from the hours.
 *
 * Complementary suppression: a day is also left out when between 1 and k−1 of its devices
 * were seen only in hours that are left out. Otherwise the day minus its reported hours
 * would bound that small group (10 devices at 10:00, 3 more at 11:00: day 13 − hour 10 = 3).
 */
export async function deviceActivity(db: Executor, regionId: number, from: string, to: string, k: number): Promise<DeviceActivity> {
  const range = sql`region_id = ${regionId}::int4 and hour >= ${from}::timestamptz and hour < ${to}::timestamptz`;
  const hourly = resultRows(
    await db.execute(sql`
      select to_char(hour at time zone 'UTC', ${sql.raw(HOUR_ISO)}) as hour, count(*)::int as devices
      from device_presence where ${range}
      group by hour having count(*) >= ${k}::int order by hour`),
  );
  const daily = resultRows(
    await db.execute(sql`
      with p as (select hour, device_hash from device_presence where ${range}),
      reported as (select hour from p group by hour having count(*) >= ${k}::int),
      d as (
        select (p.hour at time zone 'UTC')::date as day,
               count(distinct p.device_hash)::int as devices,
               count(distinct p.device_hash) filter (where reported.hour is not null)::int as covered
        from p left join reported on reported.hour = p.hour
        group by 1)
      select to_char(day, 'YYYY-MM-DD') as day, devices from d
      where devices >= ${k}::int and (devices - covered = 0 or devices - covered >= ${k}::int)
      order by day`),
  );
  return {
    hourly: hourly.map((r) => ({ hour: String(r.hour), devices: Number(r.devices) })),
    daily: daily.map((r) => ({ day: String(r.day), devices: Number(r.devices) })),
  };
}

/** Deletes presences of hours before `before` (retention); returns how many went. */
export async function deleteDevicePresenceBefore(db: Executor, before: string): Promise<number> {
  const result = await db.execute(sql`
    with del as (delete from device_presence where hour < ${before}::timestamptz returning 1)
    select count(*)::int as n from del`);
  return Number(firstRow(result).n);
}
