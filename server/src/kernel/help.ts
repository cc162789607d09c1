// Editor help for cells: completion (directives, targets, options, bootbook.h),
// inspection (what a function or directive does) and "is this cell complete?".
// Positions in the protocol count Unicode code points, not UTF-16 units.
import { describeRange } from '../engine/packs/options.js';
import type { Pack } from '../engine/packs/types.js';
import { DIRECTIVES, type DirectiveName } from './directives.js';
import { completeFileLine } from './file-cell.js';

export interface Completion {
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Record<string, unknown>;
}

/** bootbook.h, as users need it at the cursor (kernels/include/bootbook.h is the source of truth). */
export const FUNCTION_DOCS: Record<string, string> = {
  bb_metric: [
    'void bb_metric(const char *name, double value, const char *unit);',
    '',
    'Report one measurement; it appears in the results table and the run record.',
    'name: letters, digits, _ . - are safest. unit may be "" or NULL.',
    'Example: bb_metric("getpid", (double)(c1 - c0) / n, "cycles");',
  ].join('\n'),
  bb_cycles: [
    'uint64_t bb_cycles(void);',
    '',
    "The CPU's cycle or timestamp counter (TSC on x86_64, rdcycle on riscv64, cntvct on aarch64).",
    'Under %clock icount it counts guest instructions exactly, so results repeat run after run.',
    'Under emulation (TCG) real-clock counts measure the emulator, not hardware.',
  ].join('\n'),
  bb_nanos: ['uint64_t bb_nanos(void);', '', 'Monotonic time in nanoseconds since an arbitrary start.'].join('\n'),
  bb_param: [
    'long bb_param(const char *name, long dflt);',
    '',
    'The value of parameter `name` given to this run (%param name=value, a sweep axis,',
    'or `bootbook execute --param`), or `dflt` when it has none. Every parameter the',
    'program reads is echoed to the host, so the run record says which values were used.',
  ].join('\n'),
};

const DIRECTIVE_DOCS: Record<DirectiveName, string> = {
  target: 'The target of this cell: a pack, its architecture and option values. Overrides the notebook\'s kernel for this cell only.',
  param: 'Parameters for bb_param(): whole numbers (a C long), passed at boot so the image is reused.',
  repeat: 'Boot the image N times (in parallel, one per core); the table shows each run, or median/min/max beyond 4.',
  clock: 'real: wall-clock counters (meaningful under KVM or on hardware). icount: one tick per guest instruction, exact and repeatable (TCG only).',
  timeout: 'Seconds each run may take before it is stopped and reported as a timeout with what the guest printed (default 30).',
  sweep: 'Run the cell over the product of the axes (parameters, target=, arch=, target options), %repeat times each, spread over the cores; images are built once per build input. An axis a target lacks is an error; skip-missing runs that target once without it. Results are kept in .bootbook/results.sqlite and an interrupted sweep resumes.',
  runner: 'Where the runs boot: qemu (the local pool) or slurm (batch jobs on a Slurm cluster; a sweep or %repeat is one job array). Slurm options: partition, reservation, account, qos, time (minutes), exclusive, limit (tasks at once), retries (after NODE_FAIL). Default: ~/.config/bootbook/runner.json, else qemu. See docs/slurm.md.',
  plot: 'Choose the sweep chart: x axis, y metrics, colour, facet, log scales and mark. Defaults: the median against the first swept axis, one colour per target, 95% intervals as error bars.',
};

function codePoints(s: string): number {
  return Array.from(s).length;
}

/** The text before the cursor, with cursor_pos counted in code points. */
function before(code: string, cursorPos: number): string {
  return Array.from(code).slice(0, Math.max(0, cursorPos)).join('');
}

function targetsText(packs: ReadonlyMap<string, Pack>): string {
  return [...packs.values()].map((p) => `  ${p.manifest.name} (${p.manifest.architectures.join(', ')}): ${p.manifest.summary}`).join('\n');
}

function optionsText(pack: Pack): string {
  const m = pack.manifest;
  const lines = [`arch=${m.architectures.join('|')}  architecture (default ${m.architectures[0]})`];
  for (const [name, spec] of Object.entries(m.options)) {
    const only = spec.architectures ? `; only on ${spec.architectures.join(', ')}` : '';
    lines.push(`${name}=  ${spec.description}; default ${spec.default}; ${describeRange(spec)}${only}`);
  }
  return `${m.displayName ?? m.name} ${m.version}: ${m.summary}\noptions:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

export function directiveDoc(name: DirectiveName, packs: ReadonlyMap<string, Pack>): string {
  const extra = name === 'target' ? `\n\ntargets:\n${targetsText(packs)}` : '';
  return `${DIRECTIVES[name]}\n\n${DIRECTIVE_DOCS[name]}${extra}`;
}

function prefixed(words: Iterable<string>, prefix: string): string[] {
  return [...words].filter((w) => w.startsWith(prefix)).sort();
}

export function complete(code: string, cursorPos: number, packs: ReadonlyMap<string, Pack>): Completion {
  const head = before(code, cursorPos);
  const line = head.slice(head.lastIndexOf('\n') + 1);
  const cursor = codePoints(head);
  const result = (matches: string[], token: string, type: string): Completion => ({
    matches,
    cursor_start: cursor - codePoints(token),
    cursor_end: cursor,
    metadata: { _jupyter_types_experimental: matches.map((text) => ({ start: cursor - codePoints(token), end: cursor, text, type })) },
  });

  let m: RegExpExecArray | null;
  const fileLine = head.includes('\n') ? undefined : completeFileLine(line, packs); // %%file is a first-line thing
  if (fileLine) return result(fileLine.matches, fileLine.token, 'path');
  if ((m = /^\s*(%\w*)$/.exec(line))) return result(prefixed(Object.keys(DIRECTIVES).map((d) => `%${d}`), m[1]!), m[1]!, 'keyword');
  if ((m = /^\s*%target\s+(\S*)$/.exec(line))) return result(prefixed(packs.keys(), m[1]!), m[1]!, 'module');
  if ((m = /^\s*%target\s+(\S+)\s+(.*?)(\S*)$/.exec(line))) {
    const pack = packs.get(m[1]!);
    const token = m[3]!;
    if (!pack) return result([], token, 'property');
    const eq = token.indexOf('=');
    if (eq < 0) {
      const given = new Set(m[2]!.split(/\s+/).map((t) => t.split('=')[0]));
      const names = ['arch', ...Object.keys(pack.manifest.options)].filter((n) => !given.has(n)).map((n) => `${n}=`);
      return result(prefixed(names, token), token, 'property');
    }
    // After `name=`: the values we can list (architectures, enum values).
    const key = token.slice(0, eq);
    const spec = pack.manifest.options[key];
    const values = key === 'arch' ? pack.manifest.architectures : spec?.type === 'enum' ? (spec.values ?? []).map(String) : [];
    return result(prefixed(values.map((v) => `${key}=${v}`), token), token, 'value');
  }
  if ((m = /^\s*%clock\s+(\w*)$/.exec(line))) return result(prefixed(['real', 'icount'], m[1]!), m[1]!, 'value');
  if ((m = /^\s*%param\s+(?:.*\s)?(\w*)$/.exec(line))) {
    // The parameters the program reads are the useful names to offer.
    const read = new Set([...code.matchAll(/bb_param\s*\(\s*"(\w+)"/g)].map((x) => `${x[1]}=`));
    return result(prefixed(read, m[1]!), m[1]!, 'variable');
  }
  if (/^\s*%/.test(line)) return result([], '', 'keyword');
  const word = /[A-Za-z_]\w*$/.exec(line)?.[0] ?? '';
  return result(prefixed(Object.keys(FUNCTION_DOCS), word), word, 'function');
}

/** The documentation at the cursor: a bootbook.h function, a directive, or a target name after %target. */
export function inspect(code: string, cursorPos: number, packs: ReadonlyMap<string, Pack>): string | undefined {
  const cps = Array.from(code);
  const pos = Math.min(Math.max(0, cursorPos), cps.length);
  const isWord = (c: string | undefined) => c !== undefined && /[\w%]/.test(c);
  let start = pos;
  while (start > 0 && isWord(cps[start - 1])) start--;
  let end = pos;
  while (end < cps.length && isWord(cps[end])) end++;
  const word = cps.slice(start, end).join('');
  if (word in FUNCTION_DOCS) return FUNCTION_DOCS[word];
  const lineStart = cps.slice(0, start).join('').lastIndexOf('\n') + 1;
  const line = cps.join('').slice(lineStart).split('\n')[0]!;
  const directive = /^\s*%(\w+)/.exec(line)?.[1];
  if (directive && directive in DIRECTIVES) {
    const target = /^\s*%target\s+(\S+)/.exec(line)?.[1];
    const pack = target ? packs.get(target) : undefined;
    if (pack && word === target) return optionsText(pack);
    return directiveDoc(directive as DirectiveName, packs);
  }
  return undefined;
}

/**
 * Complete when every `{` is closed. Strings, character literals and comments
 * do not count; an unclosed block comment or an extra `}` is not complete either.
 */
export function isComplete(code: string): { status: 'complete' | 'invalid' } | { status: 'incomplete'; indent: string } {
  if (/^%%file(\s|$)/.test(code)) return { status: 'complete' }; // a file's text (asm, make...), not C to balance
  let depth = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl;
    } else if (c === '/' && next === '*') {
      const close = code.indexOf('*/', i + 2);
      if (close < 0) return { status: 'incomplete', indent: '' };
      i = close + 2;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < code.length && code[i] !== c && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (c === '{') depth++;
      if (c === '}' && --depth < 0) return { status: 'invalid' };
      i++;
    }
  }
  return depth > 0 ? { status: 'incomplete', indent: '    '.repeat(depth) } : { status: 'complete' };
}
