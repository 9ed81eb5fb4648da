import { describe, expect, test } from "bun:test";
import { formatHubCsv, hubRows, HUB_CSV_HEADER } from "./hubCsv.ts";
import { dayFromIso } from "./epiweek.ts";
import { ForecastInputError } from "./errors.ts";
import { QUANTILE_LEVELS } from "./quantileLevels.ts";
import { ModelInputError } from "../errors.ts";

describe("Forecast Hub CSV", () => {
  const quantiles = new Float64Array(46);
  for (let i = 0; i < 46; i++) quantiles[i] = i;
  const rows = hubRows({ forecastDate: dayFromIso("2022-01-03"), location: "06", target: "inc case", quantiles });

  test("one point row (the median) and 23 quantile rows per horizon", () => {
    expect(rows.length).toBe(48);
    expect(rows[0]).toEqual({
      forecastDate: "2022-01-03",
      target: "1 wk ahead inc case",
      targetEndDate: "2022-01-08",
      location: "06",
      type: "point",
      quantile: null,
      value: 11,
    });
    expect(rows[1].quantile).toBe(0.01);
    expect(rows[24]).toMatchObject({ target: "2 wk ahead inc case", targetEndDate: "2022-01-15", type: "point", value: 34 });
    expect(
      rows
        .filter((r) => r.type === "quantile")
        .map((r) => r.quantile)
        .slice(0, 23),
    ).toEqual(Array.from(QUANTILE_LEVELS));
  });

  test("CSV text", () => {
    const lines = formatHubCsv(rows.slice(0, 3)).split("\n");
    expect(lines[0]).toBe(HUB_CSV_HEADER);
    expect(lines[1]).toBe("2022-01-03,1 wk ahead inc case,2022-01-08,06,point,NA,11");
    expect(lines[2]).toBe("2022-01-03,1 wk ahead inc case,2022-01-08,06,quantile,0.01,0");
    expect(lines[4]).toBe("");
  });

  test("malformed input is a named error", () => {
    expect(() => hubRows({ forecastDate: dayFromIso("2022-01-04"), location: "06", target: "inc case", quantiles })).toThrow(ModelInputError);
    expect(() => hubRows({ forecastDate: dayFromIso("2022-01-03"), location: "a,b", target: "inc case", quantiles })).toThrow(ForecastInputError);
    expect(() => hubRows({ forecastDate: dayFromIso("2022-01-03"), location: "06", target: "inc case", quantiles: new Float64Array(5) })).toThrow(ForecastInputError);
    expect(() => formatHubCsv([{ ...rows[0], value: Number.NaN }])).toThrow(ForecastInputError);
  });
});
