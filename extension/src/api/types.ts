// The wire types of bootbook's REST API (server/src/jupyter/routes/bootbook.ts) and
// of the run record (docs/run-record.md), as the front end reads them. DOM-free.

export interface PackOption {
  name: string;
  type: 'integer' | 'size' | 'enum' | 'string' | string;
  default: number | string;
  description: string;
  unit?: string;
  min?: number | string;
  max?: number | string;
  values?: (string | number)[];
  stage?: 'build' | 'boot';
  architectures?: string[];
}

export interface PackExample {
  title: string;
  file: string;
  /** The example program; null when the server could not read it. */
  source: string | null;
}

export interface PackInfo {
  name: string;
  displayName: string;
  kernelName?: string;
  version: string;
  summary: string;
  architectures: string[];
  interfaces: string[];
  options: PackOption[];
  examples: PackExample[];
  readme: string | null;
  /** arch -> the kernelspec of that target. */
  kernelspecs: Record<string, { name: string; displayName: string }>;
}

export interface PackFiles {
  pack: string;
  files: string[];
}

export interface PackFile {
  pack: string;
  path: string;
  size: number;
  content: string;
}

export type RunStatus = 'ok' | 'failed' | 'build-error' | 'timeout' | 'crash' | 'cancelled' | 'runner-error';

export interface Metric {
  name: string;
  value: number | null;
  unit: string;
}

/** The parts of a RunRecord (docs/run-record.md) the front end shows. */
export interface RunRecord {
  id: string;
  target: { pack: string; version: string; arch: string; options: Record<string, string>; overlays?: { path: string; sha256: string }[] };
  params: Record<string, number>;
  repeat: number;
  exitCode: number | null;
  metrics: Metric[];
  console: string;
  consoleTruncated: boolean;
  warnings: string[];
  status: RunStatus;
  reason?: string;
  timings: { buildMs: number; bootMs: number | null; totalMs: number; buildCached: boolean };
  runner: { kind: string; accel: string; clock: string; machine?: string; cmdline?: string };
}

export const RUN_MIME = 'application/vnd.bootbook.run+json';
export const PROGRESS_MIME = 'application/vnd.bootbook.progress+json';
