// The header of a wide JHU US time-series file: region columns by name, then every other
// column must be a date (M/D/YY). A bad date header makes the whole file unusable.
import { BadDateHeaderError, MissingColumnError } from "../errors.ts";
import { findRegionColumns, parseJhuDate, type RegionColumns } from "./jhuFields.ts";

const NON_DATE_COLUMNS = new Set(["UID", "iso2", "iso3", "code3", "FIPS", "Admin2", "Province_State", "Country_Region", "Lat", "Long_", "Combined_Key", "Population"]);

export interface UsLayout {
  header: string[];
  cols: RegionColumns;
  /** Column index of each date column, in file order. */
  dateCols: Int32Array;
  /** Days since 1970-01-01 UTC of each date column. */
  days: Int32Array;
  /** 1 where the previous date column is exactly the day before (so a daily difference exists). */
  hasPrevDay: Uint8Array;
}

export function parseUsHeader(header: string[], source: string, needPopulation: boolean): UsLayout {
  const cols = findRegionColumns(header, source, needPopulation);
  const dateIdx: number[] = [];
  const dayList: number[] = [];
  for (let c = 0; c < header.length; c++) {
    const name = header[c];
    if (NON_DATE_COLUMNS.has(name)) continue;
    const day = parseJhuDate(name.trim());
    if (day === null) throw new BadDateHeaderError(source, c, name, "is not a date (M/D/YY) inside the date window 2019-12-01 … tomorrow");
    const prev = dayList.length > 0 ? dayList[dayList.length - 1] : null;
    // Dates must strictly increase: a repeated date would store two values for one region-day.
    if (prev !== null && day <= prev) {
      throw new BadDateHeaderError(source, c, name, `does not come after the previous date column ("${header[dateIdx[dateIdx.length - 1]]}")`);
    }
    dateIdx.push(c);
    dayList.push(day);
  }
  if (dateIdx.length === 0) throw new MissingColumnError(source, ["<date columns M/D/YY>"]);
  const days = Int32Array.from(dayList);
  const hasPrevDay = new Uint8Array(days.length);
  for (let j = 1; j < days.length; j++) hasPrevDay[j] = days[j] === days[j - 1] + 1 ? 1 : 0;
  return { header, cols, dateCols: Int32Array.from(dateIdx), days, hasPrevDay };
}
