// Tiny DOM helpers for the page: elements with attributes and children, and SVG elements.
const SVG_NS = "http://www.w3.org/2000/svg";

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node as T;
}

export const fmt = {
  int: (v: number | null) => (v === null ? "—" : Math.round(v).toLocaleString("en-US")),
  num: (v: number | null, digits = 1) => (v === null ? "—" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })),
  // Never "100%" or "0%" for a probability that is merely close to it.
  pct: (v: number | null) =>
    v === null ? "—" : v >= 0.999 && v < 1 ? ">99.9%" : v > 0 && v < 0.0001 ? "<0.01%" : `${(v * 100).toLocaleString("en-US", { maximumFractionDigits: v < 0.01 ? 2 : 1 })}%`,
  km: (v: number) => (v < 10 ? `${v.toFixed(1)} km` : `${Math.round(v).toLocaleString("en-US")} km`),
};
