// A cell's target, read from and written to its `%target` line: the cell's text is
// the single source of truth (docs/notebooks.md), so the picker only ever edits
// that line. Mirrors the kernel's reading of directives (server/src/kernel/
// directives.ts): directives are the `%` lines before the first line of C, blank
// and `//` lines may sit among them; `%target PACK [arch=A] [option=value]...`;
// without `arch=` the pack's first architecture is used. DOM-free.

/** A pack and an architecture: one kernelspec, named `<pack>-<arch>`. */
export interface Target {
  pack: string;
  arch: string;
}

/** The architectures of a pack (first is its default), or undefined for an unknown pack. */
export type ArchesOf = (pack: string) => readonly string[] | undefined;

export interface TargetLine {
  /** 0-based line index in the cell. */
  line: number;
  /** Character offsets of the line in the cell, its newline excluded. */
  from: number;
  to: number;
  /** '' when the line names no pack (the kernel reports that as an error). */
  pack: string;
  arch?: string;
  /** Options other than arch, in the order written. */
  options: Record<string, string>;
}

/** A text edit in character offsets: replace [from, to) with text. */
export interface Edit {
  from: number;
  to: number;
  text: string;
}

export function specName(t: Target): string {
  return `${t.pack}-${t.arch}`;
}

export function sameTarget(a: Target, b: Target): boolean {
  return a.pack === b.pack && a.arch === b.arch;
}

/** Split directive arguments on blanks; quotes keep blanks; `//` outside a token starts a comment. Lenient: an open quote runs to the end. */
export function tokenize(text: string): string[] {
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
  if (inToken) out.push(cur);
  return out;
}

/** A value as the kernel's tokenizer reads it back: quoted when it holds blanks, quotes or `//`. */
export function quoteValue(v: string): string {
  if (v !== '' && !/[\s"']|\/\//.test(v)) return v;
  return v.includes('"') ? `'${v}'` : `"${v}"`;
}

/** The cell's `%target` line, or undefined when its directives have none. */
export function parseTargetLine(source: string): TargetLine | undefined {
  let offset = 0;
  const lines = source.split('\n');
  for (const [i, raw] of lines.entries()) {
    const from = offset;
    offset += raw.length + 1;
    const text = raw.replace(/\r$/, '');
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    if (!trimmed.startsWith('%')) return undefined;
    const m = /^%target(?=\s|$)(.*)$/.exec(trimmed);
    if (!m) continue;
    const [first, ...rest] = tokenize(m[1]!);
    const t: TargetLine = { line: i, from, to: from + text.length, pack: first && !first.includes('=') ? first : '', options: {} };
    for (const token of first && !t.pack ? [first, ...rest] : rest) {
      const eq = token.indexOf('=');
      if (eq <= 0) continue;
      const [k, v] = [token.slice(0, eq), token.slice(eq + 1)];
      if (k === 'arch') t.arch = v;
      else t.options[k] = v;
    }
    return t;
  }
  return undefined;
}

/** The target a cell runs on: its `%target` (arch defaulting to the pack's first), else the notebook's. */
export function cellTarget(source: string, notebook: Target, archesOf: ArchesOf): Target {
  const t = parseTargetLine(source);
  if (!t || !t.pack) return notebook;
  return { pack: t.pack, arch: t.arch ?? archesOf(t.pack)?.[0] ?? notebook.arch };
}

export interface Badge {
  /** What the badge says, e.g. "kite · riscv64 hz=1000". */
  label: string;
  target: Target;
  options: Record<string, string>;
}

/** The badge for a cell whose `%target` differs from the notebook's target (another target, or options); else undefined. */
export function cellBadge(source: string, notebook: Target, archesOf: ArchesOf): Badge | undefined {
  const t = parseTargetLine(source);
  if (!t) return undefined;
  const target = cellTarget(source, notebook, archesOf);
  const opts = Object.entries(t.options);
  if (sameTarget(target, notebook) && !opts.length) return undefined;
  const label = [`${target.pack || '?'} · ${target.arch}`, ...opts.map(([k, v]) => `${k}=${v}`)].join(' ');
  return { label, target, options: t.options };
}

/** `%target kite arch=x86_64 hz=1000`. */
export function formatTargetLine(target: Target, options: Record<string, string> = {}): string {
  const opts = Object.entries(options).map(([k, v]) => `${k}=${quoteValue(v)}`);
  return ['%target', target.pack, `arch=${target.arch}`, ...opts].join(' ');
}

/**
 * The edit that makes a cell run on `target` (undefined: the notebook's target).
 * Choosing the notebook's target removes the line; another target adds or
 * rewrites it, keeping its options while the pack stays the same (options of
 * another pack would not be valid). Undefined when the text is already right.
 */
export function setCellTarget(source: string, target: Target | undefined, notebook: Target): Edit | undefined {
  const existing = parseTargetLine(source);
  const options = existing && target && existing.pack === target.pack ? existing.options : {};
  const remove = !target || (sameTarget(target, notebook) && !Object.keys(options).length);
  if (remove) {
    if (!existing) return undefined;
    // The line and its newline (or the newline before it, on a last line).
    const end = existing.to < source.length ? existing.to + 1 : existing.to;
    const start = end === existing.to && existing.from > 0 ? existing.from - 1 : existing.from;
    return { from: start, to: end, text: '' };
  }
  const line = formatTargetLine(target, options);
  if (existing) {
    const current = source.slice(existing.from, existing.to);
    return current === line ? undefined : { from: existing.from, to: existing.to, text: line };
  }
  return { from: 0, to: 0, text: source === '' ? line : `${line}\n` };
}

export function applyEdit(source: string, edit: Edit | undefined): string {
  return edit ? source.slice(0, edit.from) + edit.text + source.slice(edit.to) : source;
}

/** "kite-riscv64" -> {pack: kite, arch: riscv64} when such a target exists (pack names may contain dashes). */
export function parseSpecName(name: string, packs: Iterable<{ name: string; architectures: readonly string[] }>): Target | undefined {
  for (const p of packs) for (const arch of p.architectures) if (`${p.name}-${arch}` === name) return { pack: p.name, arch };
  return undefined;
}
