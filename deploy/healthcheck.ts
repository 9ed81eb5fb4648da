#!/usr/bin/env bun
// Container healthcheck (the image's HEALTHCHECK): healthy while `covid-mesh serve` keeps its
// HEALTH_FILE fresh (it touches it every 5 s while its NATS connection answers a round trip)
// and, when HEALTH_URL is set (the gateway), that URL answers 2xx. Exit 0 healthy, 1 not.
import { statSync } from "node:fs";

const MAX_AGE_MS = 30_000;

async function healthy(): Promise<string | null> {
  const file = process.env.HEALTH_FILE;
  if (file) {
    let age: number;
    try {
      age = Date.now() - statSync(file).mtimeMs;
    } catch {
      return `${file} does not exist yet`;
    }
    if (age > MAX_AGE_MS) return `${file} is ${Math.round(age / 1000)} s old: no NATS round trip since`;
  }
  const url = process.env.HEALTH_URL;
  if (url) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) return `${url} answered ${res.status}`;
    } catch (err) {
      return `${url} did not answer: ${(err as Error).message}`;
    }
  }
  return null;
}

const problem = await healthy();
if (problem) console.error(`unhealthy: ${problem}`);
process.exit(problem ? 1 : 0);
