// "Type a place": searches regions by name or code as the person types and offers the matches.
import { api } from "./api.ts";
import { el } from "./dom.ts";

export function wireSearch(input: HTMLInputElement, list: HTMLElement, onPick: (lat: number, lon: number, label: string) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const run = async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (q.length < 2) return void list.replaceChildren();
    try {
      const { regions } = await api.search(q);
      if (mine !== seq) return; // a newer search is under way
      list.replaceChildren(
        ...regions
          .filter((r) => r.lat !== null && r.lon !== null)
          .map((r) => {
            const b = el("button", { type: "button", class: "search-hit" }, r.displayName, el("small", {}, r.lastDate ? ` data to ${r.lastDate}` : " no data"));
            b.addEventListener("click", () => {
              list.replaceChildren();
              input.value = r.displayName;
              onPick(r.lat!, r.lon!, r.displayName);
            });
            return el("li", {}, b);
          }),
      );
      if (regions.length === 0) list.replaceChildren(el("li", { class: "note" }, "no matching place"));
    } catch (err) {
      list.replaceChildren(el("li", { class: "note" }, `search failed: ${(err as Error).message}`));
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      const first = list.querySelector<HTMLButtonElement>("button.search-hit");
      if (first) first.click();
      else {
        clearTimeout(timer);
        void run();
      }
    }
  });
}
