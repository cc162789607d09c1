// A small ANSI parser for the guest's serial console: SGR sequences (colours,
// bold, italic, underline...) become CSS classes on text segments; every other
// escape sequence (cursor moves, erases, OSC titles) is dropped. The output is
// text plus class names only, so the widget can build spans with textContent:
// guest text is never parsed as HTML. State carries across chunks, including an
// escape sequence cut in half by a chunk boundary. DOM-free.

export interface Segment {
  text: string;
  /** Class names (`bb-ansi-...`) for the style in effect; empty for plain text. */
  classes: string[];
}

interface Style {
  fg?: number;
  bg?: number;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

const plain = (): Style => ({ bold: false, dim: false, italic: false, underline: false, inverse: false });

/** The 16 standard colours by name, as JupyterLab's own ANSI classes name them. */
export const COLOR_NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

/** The nearest of the 16 colours for a 256-colour index (the 6x6x6 cube and the grey ramp folded in). */
export function nearest16(n: number): number {
  if (n < 16) return n;
  if (n >= 232) return n < 244 ? (n < 238 ? 0 : 8) : n < 250 ? 7 : 15;
  const i = n - 16;
  const [r, g, b] = [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6];
  const bit = (v: number) => (v >= 3 ? 1 : 0);
  const base = bit(r) | (bit(g) << 1) | (bit(b) << 2);
  return base + (Math.max(r, g, b) >= 5 ? 8 : 0);
}

function rgbTo16(r: number, g: number, b: number): number {
  const bit = (v: number) => (v >= 128 ? 1 : 0);
  const base = bit(r) | (bit(g) << 1) | (bit(b) << 2);
  return base + (Math.max(r, g, b) >= 224 ? 8 : 0);
}

function colorClass(kind: 'fg' | 'bg', n: number): string {
  const bright = n >= 8;
  return `bb-ansi-${kind}-${bright ? 'bright-' : ''}${COLOR_NAMES[n % 8]}`;
}

export function classesOf(s: Style): string[] {
  const out: string[] = [];
  const [fg, bg] = s.inverse ? [s.bg ?? -2, s.fg ?? -1] : [s.fg, s.bg];
  // With inverse and a default colour, the default's opposite is named by class.
  if (fg === -2) out.push('bb-ansi-fg-inverse');
  else if (fg !== undefined && fg >= 0) out.push(colorClass('fg', fg));
  if (bg === -1) out.push('bb-ansi-bg-inverse');
  else if (bg !== undefined && bg >= 0) out.push(colorClass('bg', bg));
  if (s.bold) out.push('bb-ansi-bold');
  if (s.dim) out.push('bb-ansi-dim');
  if (s.italic) out.push('bb-ansi-italic');
  if (s.underline) out.push('bb-ansi-underline');
  return out;
}

function applySgr(style: Style, params: number[]): Style {
  const s = { ...style };
  if (!params.length) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) Object.assign(s, plain(), { fg: undefined, bg: undefined });
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p >= 30 && p <= 37) s.fg = p - 30;
    else if (p === 39) s.fg = undefined;
    else if (p >= 40 && p <= 47) s.bg = p - 40;
    else if (p === 49) s.bg = undefined;
    else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
    else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
    else if (p === 38 || p === 48) {
      // 38;5;n (256 colours) or 38;2;r;g;b (true colour): folded to the 16 named ones.
      let color: number | undefined;
      if (params[i + 1] === 5 && params[i + 2] !== undefined) {
        color = nearest16(params[i + 2]!);
        i += 2;
      } else if (params[i + 1] === 2 && params[i + 4] !== undefined) {
        color = rgbTo16(params[i + 2]!, params[i + 3]!, params[i + 4]!);
        i += 4;
      } else {
        break; // malformed: ignore the rest, as terminals do
      }
      if (p === 38) s.fg = color;
      else s.bg = color;
    }
  }
  return s;
}

/** Longest escape sequence kept waiting for its end across chunks; beyond it, the sequence is dropped. */
const MAX_PENDING = 256;

export class AnsiParser {
  private style: Style = { ...plain() };
  private pending = '';

  /** Parse the next chunk of console text. */
  push(chunk: string): Segment[] {
    const text = this.pending + chunk;
    this.pending = '';
    const out: Segment[] = [];
    let buf = '';
    const flush = () => {
      if (!buf) return;
      const classes = classesOf(this.style);
      const last = out[out.length - 1];
      if (last && last.classes.join(' ') === classes.join(' ')) last.text += buf;
      else out.push({ text: buf, classes });
      buf = '';
    };
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch !== '\x1b' && ch !== '\x9b') {
        // Carriage returns (before newlines, or progress lines) and other control bytes but tab and newline are dropped.
        const code = ch.charCodeAt(0);
        if (ch === '\n' || ch === '\t' || (code >= 0x20 && code !== 0x7f)) buf += ch;
        i++;
        continue;
      }
      const end = this.sequenceEnd(text, i);
      if (end === undefined) {
        // Cut by the chunk boundary: wait for the rest (unless it is absurdly long).
        if (text.length - i <= MAX_PENDING) this.pending = text.slice(i);
        break;
      }
      const seq = text.slice(i, end);
      const sgr = /^(?:\x1b\[|\x9b)([\d;:]*)m$/.exec(seq);
      if (sgr) {
        flush();
        const params = sgr[1]!.split(/[;:]/).map(p => (p === '' ? 0 : Number(p)));
        this.style = applySgr(this.style, params);
      }
      i = end;
    }
    flush();
    return out;
  }

  /** Index just past the escape sequence starting at `i`, or undefined if the text ends inside it. */
  private sequenceEnd(text: string, i: number): number | undefined {
    if (text[i] === '\x9b') return this.csiEnd(text, i + 1);
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (next === '[') return this.csiEnd(text, i + 2);
    if (next === ']') {
      // OSC: ends with BEL or ESC \
      for (let j = i + 2; j < text.length; j++) {
        if (text[j] === '\x07') return j + 1;
        if (text[j] === '\x1b' && text[j + 1] === '\\') return j + 2;
        if (text[j] === '\x1b' && text[j + 1] === undefined) return undefined;
      }
      return undefined;
    }
    if (next === '(' || next === ')') return text.length > i + 2 ? i + 3 : undefined; // charset selection
    return i + 2; // a two-byte escape
  }

  private csiEnd(text: string, start: number): number | undefined {
    for (let j = start; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j + 1;
    }
    return undefined;
  }

  reset(): void {
    this.style = { ...plain() };
    this.pending = '';
  }
}
