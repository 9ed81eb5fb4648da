// Top functions by self time in a .cpuprofile (Chrome format, as `bun --cpu-prof` writes),
// counting only samples inside a window, e.g. the load phase that profile.ts prints:
//   bun bench/http/cpuprofileTop.ts FILE.cpuprofile [fromMs toMs] [top]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, from, to, topArg] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, "utf8")) as Profile;
const fromUs = from === undefined ? -Infinity : Number(from) * 1000;
const toUs = to === undefined ? Infinity : Number(to) * 1000;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let t = 0;
let total = 0;
prof.samples.forEach((id, i) => {
  t += prof.timeDeltas[i];
  if (t < fromUs || t > toUs) return;
  const f = byId.get(id)!.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(node_modules\/)?/, (m) => (m.includes("node_modules") ? "node_modules/" : ""))}:${f.lineNumber + 1}` : "native";
  const key = `${f.functionName || "(anonymous)"} ${where}`;
  self.set(key, (self.get(key) ?? 0) + 1);
  total++;
});
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25));
console.log(`${total} samples in the window`);
for (const [k, n] of top) console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${k}`);
