// End to end in headless Chromium (Debian's, driven by playwright-core) on a phone-sized
// screen: the page → the gateway → the mesh (shared NATS, unique prefix) → a real exposure-risk
// worker on the bundled JHU sample. It grants a geolocation, sees the risk panel and the
// forecast chart, picks a group size, clicks a region on the map, and saves a screenshot.
import { afterAll, beforeAll, expect } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { connectTestMesh, uniqueContract } from "../../mesh/testSupport.ts";
import type { Mesh } from "../../mesh/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../../workers/exposure-risk/mod.ts";
import { fakeStorage, loadSample } from "../../workers/exposure-risk/testSupport.ts";
import { weeklyStoreOf } from "../../workers/exposure-risk/current/testSupport.ts";
import { HOSP_CSV, NSSP, runWeeklyAdapter } from "../../pipelines/weeklyTestSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";
import { startGateway, type Gateway } from "../main.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = join(import.meta.dir, "../../test-output/e2e");

const contract = uniqueContract("e2e");
const meshes: Mesh[] = [];
let worker: ExposureRiskWorker;
let gateway: Gateway;
let context: BrowserContext;
let profile: string;

const shared = needsSharedData(HOSP_CSV, NSSP);

beforeAll(async () => {
  if (!shared.present) return;
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (see .ci/run)`);
  const [sample, nssp, hosp] = await Promise.all([
    loadSample(),
    runWeeklyAdapter("nssp-ed-visits", { file: NSSP }),
    runWeeklyAdapter("covidhub-hosp", { file: HOSP_CSV }, { publishedDay: Math.floor(Date.parse("2025-12-31") / 86_400_000) }),
  ]);
  // The real CDC weekly files (NSSP ED visits, NHSN admissions), as storage would serve them.
  const weekly = weeklyStoreOf([
    { source: "nssp-ed-visits", columns: nssp.byMetric["ed-visits-pct"]! },
    { source: "covidhub-hosp", columns: hosp.byMetric["hosp-admissions"]! },
  ]);
  const [gw, wk] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
  meshes.push(gw, wk);
  worker = await startExposureRiskWorker({ mesh: wk, storage: fakeStorage(sample.regions, { "jhu-us": sample.series }), ascertainment: 5, weekly });
  gateway = await startGateway({ mesh: gw, port: 0, hostname: "127.0.0.1", requestTimeoutMs: 5000 });
  profile = mkdtempSync(join(tmpdir(), "covidmesh-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    geolocation: { latitude: 40.7128, longitude: -74.006 },
    permissions: ["geolocation"],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await gateway?.stop();
  await worker?.stop();
  await Promise.all(meshes.map((m) => m.close()));
});

const text = (page: Page, selector: string) => page.locator(selector).innerText();

shared.test(
  "geolocation → risk panel and forecast chart → group size → a click on the map → screenshot",
  async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const failed: string[] = [];
    page.on("pageerror", (err) => failed.push(err.message));
    page.on("requestfailed", (req) => failed.push(`${req.url()} ${req.failure()?.errorText}`));
    await page.goto(gateway.url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });

    // 1. The granted geolocation (lower Manhattan) → New York County.
    await page.click("#locate");
    await page.waitForFunction(() => document.querySelector("#risk-region")?.textContent?.includes("New York"), null, { timeout: 10_000 });
    expect(await page.locator("#risk-panel").isVisible()).toBe(true);
    expect(await text(page, "#risk-panel")).toContain("2020-12-30");
    expect(await page.locator("#risk-panel .level").count()).toBe(4);

    // 1b. The "Now" panel: CDC ED level and trend, New York State's admissions and their level.
    expect(await page.locator("#now-panel").isVisible()).toBe(true);
    const answer = (await (await fetch(`${gateway.url}/v1/risk?lat=40.71280&lon=-74.00600&groupSize=10`)).json()) as {
      current: { edVisits: { level: string | null; percentCovid: number; weekEnding: string } | null; hospitalAdmissions: { name: string; level: string; weekly: number } | null };
    };
    const ed = answer.current.edVisits!;
    const hosp = answer.current.hospitalAdmissions!;
    expect(ed.weekEnding).toBe("2025-12-27");
    expect(hosp.name).toBe("New York");
    expect(await page.locator("#now-ed-level").getAttribute("data-level")).toBe(`ed-${ed.level ?? "unknown"}`);
    expect(await text(page, "#now-ed-pct")).toBe(`${ed.percentCovid.toFixed(2)}%`);
    expect(await page.locator("#now-hosp-level").getAttribute("data-level")).toBe(hosp.level);
    expect(await text(page, "#now-hosp-weekly")).toBe(hosp.weekly.toLocaleString("en-US"));
    // covid-mesh's admission forecast for the state, horizons 0…3 (median and 95% interval).
    const hospForecast = (
      (await (await fetch(`${gateway.url}/v1/risk?lat=40.71280&lon=-74.00600&groupSize=10`)).json()) as {
        hospitalAdmissionsForecast: { horizons: Array<{ horizon: number; median: number; lower95: number; upper95: number }> } | null;
      }
    ).hospitalAdmissionsForecast;
    expect(hospForecast).not.toBeNull();
    const h0 = hospForecast!.horizons.find((h) => h.horizon === 0)!;
    const int = (v: number) => Math.round(v).toLocaleString("en-US");
    expect(await text(page, "#now-hosp-forecast-0")).toBe(`${int(h0.median)} (95%: ${int(h0.lower95)}–${int(h0.upper95)})`);
    expect(await page.locator("#now-panel [id^=now-hosp-forecast-]").count()).toBe(4);
    // Weekly history charts of both indicators.
    await page.waitForSelector("#weekly-ed-chart svg path.line", { timeout: 10_000 });
    await page.waitForSelector("#weekly-hosp-chart svg path.line", { timeout: 10_000 });
    // The map shows the current-indicator clusters, since current data exists.
    expect(await page.locator("#map-svg").getAttribute("data-run")).toBe("current");
    expect(await text(page, "#map-title")).toContain("2025-12-27");
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.locator("#now-panel").screenshot({ path: join(SCREENSHOT_DIR, "now-panel.png") });

    // 2. The forecast chart with its intervals, and the history chart.
    await page.waitForSelector("#forecast-chart svg polygon.band", { timeout: 10_000 });
    expect(await page.locator("#forecast-chart svg polygon.band").count()).toBe(2);
    expect(await page.locator("#history-chart svg path.line").count()).toBeGreaterThanOrEqual(1);

    // 3. A bigger group: a higher event risk for the same place.
    const probability = async () => Number(await page.locator("#event-risk-value").getAttribute("data-probability"));
    const before = await probability();
    expect(before).toBeGreaterThan(0);
    await page.selectOption("#group-size", "1000");
    await page.waitForFunction(() => document.querySelector("#event-risk")?.textContent?.includes("1,000 people"), null, { timeout: 10_000 });
    const after = await probability();
    expect(after).toBeGreaterThan(before);

    // 4. A click on Cook County, IL on the map.
    const cook = page.locator('#map path.county[data-fips="17031"]');
    await cook.scrollIntoViewIfNeeded();
    // On a phone a county is a few pixels wide: click inside it at downtown Chicago rather than
    // at its bounding box's centre, which lies within a pixel or two of the DuPage line.
    const box = (await cook.boundingBox())!;
    const at = await page.evaluate(() => {
      const b = (document.querySelector('#map path.county[data-fips="17031"]') as SVGGraphicsElement).getBBox();
      // Chicago (41.8781, -87.6298) in us-atlas' Albers USA coordinates.
      return { fx: (638.22 - b.x) / b.width, fy: (226.11 - b.y) / b.height };
    });
    await cook.click({ position: { x: at.fx * box.width, y: at.fy * box.height } });
    await page
      .waitForFunction(() => document.querySelector("#risk-region")?.textContent?.includes("Cook"), null, { timeout: 10_000 })
      .catch(async (err) => {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOT_DIR, "failure.png"), fullPage: true });
        throw new Error(`after the map click: region "${await text(page, "#risk-region")}", status "${await text(page, "#status")}"`, { cause: err });
      });
    expect(await cook.getAttribute("class")).toContain("selected");
    expect(await text(page, "#event-risk")).toContain("1,000 people");

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = join(SCREENSHOT_DIR, "page-phone.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(failed).toEqual([]);
  },
  60_000,
);
