// Cell directives (DESIGN.md "Cell directives"): `%` lines at the top of a cell
// configure the run, the rest is C. Parsing is syntax only (no packs needed), so
// it is cheap and testable; target names and options are checked by the kernel
// against the loaded packs, still naming the directive's line.
import { isBootbookError } from '../engine/errors.js';
import { parseAxes, type SweepAxis } from '../engine/sweep/plan.js';
import { checkParams } from '../engine/target.js';
import { parseSlurmOptions, type RunnerSpec } from '../engine/runners/slurm/config.js';
import { parsePlot, type PlotDirective } from './plot-directive.js';

export type DirectiveName = 'target' | 'param' | 'repeat' | 'clock' | 'timeout' | 'sweep' | 'plot' | 'runner';

/** The directives this version runs, with a one-line usage for messages and help. */
export const DIRECTIVES: Record<DirectiveName, string> = {
  target: '%target PACK [arch=A] [option=value]...',
  param: '%param name=value [name=value]...',
  repeat: '%repeat N',
  clock: '%clock real|icount',
  timeout: '%timeout SECONDS',
  sweep: '%sweep name=v1,v2,... [target=a,b] [option=v1,v2] [skip-missing]',
  plot: '%plot [x=AXIS] [y=METRIC,...] [color=AXIS] [facet=AXIS] [logx] [logy] [mark=line|point|bar]',
  runner: '%runner qemu | %runner slurm [partition=P] [reservation=R] [account=A] [qos=Q] [time=MIN] [exclusive] [limit=N] [retries=N]',
};

/** Directives of DESIGN.md that later versions implement: a clear error until then. */
export const FUTURE_DIRECTIVES: readonly string[] = [];

export const MAX_REPEAT = 10_000;
export const MAX_TIMEOUT_S = 24 * 3600;

export class DirectiveError extends Error {
  constructor(
    readonly line: number,
    readonly lineText: string,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'DirectiveError';
  }
}

export interface TargetDirective {
  pack: string;
  arch?: string;
  options: Record<string, string>;
  line: number;
}

export interface CellDirectives {
  target?: TargetDirective;
  /** Parameter values as written (already checked to be integers). */
  params: Record<string, string>;
  /** Which line set each parameter, so later errors can point at it. */
  paramLines: Record<string, number>;
  repeat?: number;
  clock?: 'real' | 'icount';
  timeoutS?: number;
  /** Sweep axes (several %sweep lines add up) and whether targets may skip axes they lack. */
  sweep?: { axes: SweepAxis[]; skipMissing: boolean; line: number };
  plot?: PlotDirective;
  /** Where the cell's runs boot (%runner); undefined: the user's default, else the local pool. */
  runner?: RunnerSpec;
  /** The line of each single-valued directive (target, repeat, clock, timeout, runner). */
  lines: Partial<Record<DirectiveName, number>>;
}

export interface ParsedCell {
  directives: CellDirectives;
  /** The C program: the cell with directive lines blanked, so line numbers are the cell's. */
  source: string;
  /** True when the cell has any C beyond directives, comments and blank lines. */
  hasCode: boolean;
  /** How many directive lines the cell had. */
  directiveCount: number;
}

const NAME = /^%([A-Za-z_][\w-]*)?/;

/** Split directive arguments on blanks; quotes keep blanks in a value; `//` outside quotes starts a comment. */
export function tokenize(text: string, fail: (why: string) => never): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (ch === '/' && text[i + 1] === '/' && !inToken) {
      break;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += ch;
      inToken = true;
    }
  }
  if (quote) fail(`unterminated ${quote} quote`);
  if (inToken) out.push(cur);
  return out;
}

function splitAssignment(token: string, what: string, fail: (why: string) => never): [string, string] {
  const eq = token.indexOf('=');
  if (eq <= 0) fail(`${what} "${token}" must be written name=value`);
  return [token.slice(0, eq), token.slice(eq + 1)];
}

/** Levenshtein distance, for "did you mean" on a mistyped directive name. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function validDirectivesText(): string {
  return Object.keys(DIRECTIVES).map((d) => `%${d}`).join(', ');
}

function unknownDirective(name: string): string {
  const near = Object.keys(DIRECTIVES).find((d) => distance(name, d) <= 2);
  const hint = near ? `did you mean %${near}? ` : '';
  return `unknown directive %${name}; ${hint}valid directives: ${validDirectivesText()}`;
}

function applyDirective(d: CellDirectives, name: string, args: string[], line: number, fail: (why: string) => never): void {
  const once = (n: DirectiveName) => {
    const first = d.lines[n];
    if (first !== undefined) fail(`%${n} is given twice (first on line ${first}); keep one`);
    d.lines[n] = line;
  };
  const single = (n: DirectiveName): string => {
    if (args.length !== 1) fail(`%${n} takes one value: ${DIRECTIVES[n]}`);
    return args[0]!;
  };
  switch (name) {
    case 'target': {
      once('target');
      const [pack, ...rest] = args;
      if (!pack || pack.includes('=')) fail(`%target needs a target name first: ${DIRECTIVES.target} (e.g. %target linux cpus=2)`);
      const t: TargetDirective = { pack, options: {}, line };
      for (const token of rest) {
        const [k, v] = splitAssignment(token, 'option', fail);
        if (k === 'arch' ? t.arch !== undefined : k in t.options) fail(`option ${k} is given twice`);
        if (k === 'arch') t.arch = v;
        else t.options[k] = v;
      }
      d.target = t;
      return;
    }
    case 'param': {
      if (!args.length) fail(`%param needs at least one value: ${DIRECTIVES.param}`);
      for (const token of args) {
        const [k, v] = splitAssignment(token, 'parameter', fail);
        if (k in d.params) fail(`parameter ${k} is given twice (first on line ${d.paramLines[k]})`);
        try {
          checkParams({ [k]: v });
        } catch (e) {
          if (isBootbookError(e)) fail(e.message);
          throw e;
        }
        d.params[k] = v;
        d.paramLines[k] = line;
      }
      return;
    }
    case 'repeat': {
      once('repeat');
      const v = single('repeat');
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (!(n >= 1 && n <= MAX_REPEAT)) fail(`%repeat ${v} is not valid; use a whole number from 1 to ${MAX_REPEAT}`);
      d.repeat = n;
      return;
    }
    case 'clock': {
      once('clock');
      const v = single('clock');
      if (v !== 'real' && v !== 'icount') fail(`%clock ${v} is not valid; use real or icount (exact, repeatable instruction counts)`);
      d.clock = v;
      return;
    }
    case 'runner': {
      once('runner');
      const [kind, ...rest] = args;
      if (kind === 'qemu' && !rest.length) d.runner = { kind: 'qemu' };
      else if (kind === 'slurm') d.runner = { kind: 'slurm', options: parseSlurmOptions(rest, fail) };
      else if (kind === 'qemu') fail('%runner qemu takes no options');
      else fail(`%runner ${kind ?? ''} is not valid; use ${DIRECTIVES.runner}`.replace('  ', ' '));
      return;
    }
    case 'timeout': {
      once('timeout');
      const v = single('timeout');
      // "30" and "30s" both read as seconds; fractions are allowed.
      const n = /^\d+(\.\d+)?s?$/.test(v) ? Number(v.replace(/s$/, '')) : NaN;
      if (!(n > 0 && n <= MAX_TIMEOUT_S)) fail(`%timeout ${v} is not valid; use seconds, more than 0 and at most ${MAX_TIMEOUT_S}`);
      d.timeoutS = n;
      return;
    }
  }
  if (name === 'sweep') {
    if (!args.length) fail(`%sweep needs at least one axis: ${DIRECTIVES.sweep}`);
    const parsed = parseAxes(args, fail);
    const prev = d.sweep ?? { axes: [], skipMissing: false, line };
    for (const a of parsed.axes) if (prev.axes.some((b) => b.name === a.name)) fail(`sweep axis ${a.name} is given twice`);
    d.sweep = { axes: [...prev.axes, ...parsed.axes], skipMissing: prev.skipMissing || parsed.skipMissing, line: prev.line };
    return;
  }
  if (name === 'plot') {
    const first = d.lines.plot;
    if (first !== undefined) fail(`%plot is given twice (first on line ${first}); keep one`);
    d.lines.plot = line;
    d.plot = { ...parsePlot(args, fail), line };
    return;
  }
  if ((FUTURE_DIRECTIVES as readonly string[]).includes(name)) fail(`%${name} is not yet available in this version of bootbook; valid directives: ${validDirectivesText()}`);
  fail(unknownDirective(name));
}

/**
 * Parse a cell. Directives are the `%` lines before the first line of C; blank
 * lines and `//` comment lines may sit among them. A known directive after the
 * C has started is an error too (it would otherwise be a confusing C error).
 */
export function parseCell(cell: string): ParsedCell {
  const lines = cell.split('\n');
  const directives: CellDirectives = { params: {}, paramLines: {}, lines: {} };
  let inHeader = true;
  let hasCode = false;
  let directiveCount = 0;
  for (const [i, raw] of lines.entries()) {
    const lineNo = i + 1;
    const text = raw.replace(/\r$/, '');
    const trimmed = text.trim();
    const fail = (why: string): never => {
      throw new DirectiveError(lineNo, text, why);
    };
    if (!inHeader) {
      const m = /^%([A-Za-z_]\w*)/.exec(trimmed);
      if (m && (m[1]! in DIRECTIVES || (FUTURE_DIRECTIVES as readonly string[]).includes(m[1]!))) {
        fail(`%${m[1]} must be at the top of the cell, before the C code`);
      }
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    if (!trimmed.startsWith('%')) {
      inHeader = false;
      hasCode = true;
      continue;
    }
    const name = NAME.exec(trimmed)?.[1];
    if (!name) fail(`"${trimmed.split(/\s/)[0]}" is not a directive; valid directives: ${validDirectivesText()}`);
    const args = tokenize(trimmed.slice(name!.length + 1), fail);
    applyDirective(directives, name!, args, lineNo, fail);
    directiveCount++;
    lines[i] = '';
  }
  return { directives, source: lines.join('\n'), hasCode, directiveCount };
}
