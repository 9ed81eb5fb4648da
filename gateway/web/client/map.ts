// The map: US counties from the bundled us-atlas boundaries (already projected to Albers USA,
// 975×610, so the browser only draws them), coloured by risk cluster. A click anywhere asks for
// the risk at that point; the chosen region is outlined and the point marked.
import { geoAlbersUsa, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { el, svg } from "./dom.ts";
import type { Clusters } from "./types.ts";

// The projection us-atlas used for its *-albers-10m files: lets a click be turned back into lat/lon.
const projection = geoAlbersUsa().scale(1300).translate([487.5, 305]);
// Sequential reds: cluster ids run from lowest to highest risk, so darker means riskier.
const PALETTE = ["#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15", "#67000d"];
const NO_CLUSTER = "#d9d9d9";

export interface RiskMap {
  mark(lat: number, lon: number, regionId: number | null): void;
}

export async function renderMap(host: HTMLElement, clusters: Clusters | null, onPick: (lat: number, lon: number) => void): Promise<RiskMap> {
  const topology = (await (await fetch("/geo/us-albers.json")).json()) as Topology;
  const counties = feature(topology, topology.objects.counties as GeometryCollection);
  const borders = mesh(topology, topology.objects.states as GeometryCollection, (a, b) => a !== b);
  const path = geoPath();

  const clusterOf = new Map<number, number>();
  if (clusters) clusters.members.regionIds.forEach((r, i) => clusterOf.set(r, clusters.members.clusterIds[i]));
  const colourOf = new Map<number, string>();
  const k = clusters?.clusters.length ?? 0;
  clusters?.clusters.forEach((c, i) => colourOf.set(c.id, PALETTE[k <= 1 ? 3 : Math.round((i * (PALETTE.length - 1)) / (k - 1))]));

  const root = svg("svg", {
    viewBox: "0 0 975 610",
    role: "img",
    "aria-label": "Map of US counties coloured by risk cluster; click to ask for the risk there",
    id: "map-svg",
    "data-run": clusters?.run ?? "none",
  });
  const layer = svg("g", { class: "counties" });
  for (const f of counties.features) {
    const fips = String(f.id);
    const regionId = 84_000_000 + Number(fips);
    const cluster = clusterOf.get(regionId);
    const name = (f.properties as { name?: string } | null)?.name ?? fips;
    layer.append(
      svg(
        "path",
        { d: path(f) ?? "", class: "county", "data-fips": fips, "data-region": regionId, fill: cluster === undefined ? NO_CLUSTER : (colourOf.get(cluster) ?? NO_CLUSTER) },
        svg("title", {}, name),
      ),
    );
  }
  root.append(layer, svg("path", { d: path(borders) ?? "", class: "state-borders" }));
  const marker = svg("circle", { r: 6, class: "point-marker", visibility: "hidden" });
  root.append(marker);

  root.addEventListener("click", (ev) => {
    const ctm = root.getScreenCTM();
    if (!ctm) return;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    const lonLat = projection.invert?.([p.x, p.y]);
    if (lonLat) onPick(lonLat[1], lonLat[0]);
  });

  const legend = el("div", { class: "legend", id: "map-legend" });
  if (clusters && clusters.clusters.length > 0) {
    for (const c of clusters.clusters) legend.append(el("span", {}, el("i", { style: `background:${colourOf.get(c.id)}` }), `${c.label} (${c.size})`));
    // Current clusters cover counties with their own NSSP value in the newest week only.
    if (clusters.run === "current") legend.append(el("span", {}, el("i", { style: `background:${NO_CLUSTER}` }), "no county ED value this week"));
  } else {
    legend.append(el("span", {}, el("i", { style: `background:${NO_CLUSTER}` }), "risk clusters are not computed yet"));
  }
  host.replaceChildren(root, legend);

  return {
    mark(lat, lon, regionId) {
      const xy = projection([lon, lat]);
      if (xy) {
        marker.setAttribute("cx", String(xy[0]));
        marker.setAttribute("cy", String(xy[1]));
        marker.setAttribute("visibility", "visible");
      } else marker.setAttribute("visibility", "hidden");
      for (const old of layer.querySelectorAll(".selected")) old.classList.remove("selected");
      const chosen = regionId === null ? null : layer.querySelector(`[data-region="${regionId}"]`);
      if (chosen) {
        chosen.classList.add("selected");
        layer.append(chosen); // drawn last, so its outline is on top
      }
    },
  };
}
