// The run record (DESIGN.md "Run record"): everything about one run, written
// even when the run failed, timed out or never built.
import type { Diagnostic } from './build/diagnostics.js';
import type { RunStatus } from './guest/status.js';

export interface Metric {
  name: string;
  value: number | null; // null stands for NaN/inf, which JSON cannot carry
  unit: string;
}

export interface RunRecord {
  id: string;
  /** overlays: the notebook's files written over the pack (`%%file`), when there are any. */
  target: { pack: string; version: string; arch: string; options: Record<string, string>; overlays?: { path: string; sha256: string }[] };
  params: Record<string, number>;
  /** Which repetition this is, from 0. */
  repeat: number;
  status: RunStatus;
  /** Why, in one line, when the status is not ok. */
  reason?: string;
  exitCode: number | null;
  metrics: Metric[];
  /** Parameters the program read, with the value it got (default or given). */
  paramsRead: { name: string; value: number; default: boolean }[];
  console: string;
  consoleTruncated: boolean;
  diagnostics: Diagnostic[];
  warnings: string[];
  timings: { buildMs: number; bootMs: number | null; totalMs: number; buildCached: boolean };
  image: { sha256: string; bytes: number } | null;
  runner: { kind: string; accel: string; clock: string; accelReason?: string; cmdline?: string; argv?: string[]; [k: string]: unknown };
  provenance: {
    packHash: string;
    packVersion: string;
    preparedVersion?: string;
    compiler: string;
    qemu?: string;
    host: { hostname: string; os: string; cpu: string; cores: number };
    bootbook: string;
    createdAt: string;
  };
}

/**
 * The metrics some runs reported, by name in first-seen order, each with the unit it
 * was last reported in and its last value in every run (null where a run lacks it or
 * the value is not finite): what every table and summary of runs is built from.
 */
export function metricSeries(records: readonly RunRecord[]): { name: string; unit: string; values: (number | null)[] }[] {
  const units = new Map<string, string>();
  for (const r of records) for (const m of r.metrics) units.set(m.name, m.unit);
  return [...units].map(([name, unit]) => ({
    name,
    unit,
    values: records.map((r) => r.metrics.filter((m) => m.name === name).at(-1)?.value ?? null),
  }));
}
