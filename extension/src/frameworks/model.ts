// Plain-data helpers of the Kernel frameworks panel: how an option's type, default
// and range read in the table, and the cell an example becomes when inserted
// (with the directive lines it needs). DOM-free.
import type { PackInfo, PackOption } from '../api/types.js';
import { formatTargetLine, sameTarget, type Target } from '../target-picker/model.js';

/** bootbook's own defaults (docs/notebooks.md): no directive line is written for them. */
export const DEFAULT_TIMEOUT_S = 30;
export const DEFAULT_CLOCK = 'real';

export interface CellDefaults {
  timeout: number;
  clock: 'real' | 'icount';
}

/** "1 – 8", "16M – 2G", "rr | coop", "≥ 0", or "" when unconstrained. */
export function optionRange(o: PackOption): string {
  if (o.values?.length) return o.values.join(' | ');
  if (o.min !== undefined && o.max !== undefined) return `${o.min} – ${o.max}`;
  if (o.min !== undefined) return `≥ ${o.min}`;
  if (o.max !== undefined) return `≤ ${o.max}`;
  return '';
}

/** "100 Hz", "64M", "quiet loglevel=3" (quoted when empty). */
export function optionDefault(o: PackOption): string {
  const v = String(o.default);
  if (v === '') return '""';
  return o.unit && o.unit !== 'bytes' ? `${v} ${o.unit}` : v;
}

/** Which architectures an option applies to, when not all of the pack's. */
export function optionArches(o: PackOption, pack: PackInfo): string {
  const a = o.architectures;
  return a && a.length < pack.architectures.length ? `${a.join(', ')} only` : '';
}

/** The target an example of `pack` runs on in a notebook on `notebook`: the notebook's arch when the pack has it. */
export function exampleTarget(pack: PackInfo, notebook: Target | undefined): Target {
  if (notebook && pack.architectures.includes(notebook.arch)) return { pack: pack.name, arch: notebook.arch };
  return { pack: pack.name, arch: pack.architectures[0] ?? 'x86_64' };
}

/** The directive lines a new cell starts with: %target when it differs from the notebook's, then timeout and clock when not bootbook's defaults. */
export function directiveLines(target: Target | undefined, notebook: Target | undefined, defaults: CellDefaults): string[] {
  const lines: string[] = [];
  if (target && (!notebook || !sameTarget(target, notebook))) lines.push(formatTargetLine(target));
  if (defaults.timeout !== DEFAULT_TIMEOUT_S) lines.push(`%timeout ${defaults.timeout}`);
  if (defaults.clock !== DEFAULT_CLOCK) lines.push(`%clock ${defaults.clock}`);
  return lines;
}

/**
 * The text of a cell holding `program` for `target`, in a notebook whose target is
 * `notebook` (undefined: a new notebook on that very target).
 */
export function exampleCell(program: string, target: Target, notebook: Target | undefined, defaults: CellDefaults): string {
  const lines = directiveLines(target, notebook ?? target, defaults);
  const body = program.replace(/\s+$/, '') + '\n';
  return lines.length ? `${lines.join('\n')}\n${body}` : body;
}
