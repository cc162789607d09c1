// Compiler diagnostics: GCC's -fdiagnostics-format=json output turned into the
// run record's `diagnostics`, with locations in the user's own file and lines.

export interface Diagnostic {
  severity: 'error' | 'warning' | 'note';
  message: string;
  /** The user's file name (e.g. "hello.c" or "cell 3"), or the header/pack file it came from. */
  file?: string;
  line?: number;
  column?: number;
  /** True when the location is in the user's program (so a front end can mark the cell line). */
  inProgram: boolean;
}

interface GccLocation {
  caret?: { file?: string; line?: number; column?: number };
}
interface GccDiagnostic {
  kind?: string;
  message?: string;
  locations?: GccLocation[];
  children?: GccDiagnostic[];
}

export interface ProgramMapping {
  /** The path the compiler saw for the user's program. */
  compiledPath: string;
  /** The name to show instead. */
  displayName: string;
  /** Added to each line number (negative when a prologue was prepended). */
  lineOffset?: number;
}

function convert(d: GccDiagnostic, map: ProgramMapping, out: Diagnostic[]): void {
  const kind = d.kind === 'error' || d.kind === 'fatal error' ? 'error' : d.kind === 'warning' ? 'warning' : 'note';
  const caret = d.locations?.[0]?.caret;
  const inProgram = caret?.file === map.compiledPath;
  out.push({
    severity: kind,
    message: d.message ?? '(no message)',
    file: caret?.file === undefined ? undefined : inProgram ? map.displayName : caret.file,
    line: caret?.line === undefined ? undefined : caret.line + (inProgram ? map.lineOffset ?? 0 : 0),
    column: caret?.column,
    inProgram,
  });
  for (const child of d.children ?? []) convert(child, map, out);
}

/**
 * Parse the compiler's stderr. GCC prints one JSON array; anything that is not
 * JSON (a linker message, a crash of the compiler) becomes one error with the text.
 */
export function parseGccDiagnostics(stderr: string, map: ProgramMapping): Diagnostic[] {
  const out: Diagnostic[] = [];
  const text = stderr.trim();
  if (!text) return out;
  // GCC writes its JSON array on one line; other lines (a linker, the driver) are plain text.
  const lines = text.split('\n');
  const jsonLine = lines.findIndex((l) => l.startsWith('[') && l.trimEnd().endsWith(']'));
  if (jsonLine >= 0) {
    try {
      const parsed = JSON.parse(lines[jsonLine]!) as GccDiagnostic[];
      for (const d of parsed) convert(d, map, out);
      const rest = lines.filter((_, i) => i !== jsonLine).join('\n').trim();
      if (rest) out.push({ severity: 'error', message: rest, inProgram: false });
      return out;
    } catch {
      /* not JSON after all: fall through */
    }
  }
  out.push({ severity: 'error', message: text, inProgram: false });
  return out;
}

/** "hello.c:5:3: error: ..." lines, the way compilers print them. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}:${d.line ?? '?'}${d.column ? `:${d.column}` : ''}: ` : '';
  return `${where}${d.severity}: ${d.message}`;
}
