// Reading the system's log (JSON lines, pino's "time" in epoch ms) beside a measurement: what the
// system had last said when a peak or a stall was seen.

/** The last log line (its logger name and msg) written at or before `at` (epoch ms); stall and access-log lines skipped. */
export function lastLogLineBefore(log: string, at: number): string {
  let best = "";
  for (const line of log.split("\n")) {
    const time = /"time":(\d+)/.exec(line);
    if (!time || Number(time[1]) > at || line.includes("event loop stalled") || line.includes('"msg":"request"')) continue;
    const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? "";
    const name = /"name":"([^"]*)"/.exec(line)?.[1] ?? "";
    best = `${name}: ${msg}`;
  }
  return best;
}
