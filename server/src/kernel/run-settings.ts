// How a cell's runs boot, from its directives and the kernel's defaults: the same
// for a single run (execute.ts) and a sweep (sweep-cell.ts).
import type { RunSettings } from '../engine/run.js';
import { runnerFor } from '../engine/runners/select.js';
import type { ParsedCell } from './directives.js';
import type { CellContext } from './execute.js';

export function cellRunSettings(d: ParsedCell['directives'], ctx: CellContext): RunSettings {
  return {
    clock: d.clock,
    timeoutS: d.timeoutS,
    accel: ctx.engineDefaults?.accel,
    maxConsoleBytes: ctx.engineDefaults?.maxConsoleBytes,
    signal: ctx.signal,
    runner: runnerFor(d.runner ?? ctx.session?.runner),
  };
}
