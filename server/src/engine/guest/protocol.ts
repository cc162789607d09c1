// The host side of the guest protocol (docs/guest-protocol.md): a streaming
// parser that splits the serial console into console text and marker events.
// It never throws on guest output: whatever the guest prints is data.

export type GuestEvent =
  | { k: 'hello'; proto: number; pack?: string }
  | { k: 'param'; name: string; value: number; default: boolean }
  | { k: 'metric'; name: string; value: number; unit: string }
  | { k: 'exit'; status: number }
  | { k: 'crash'; reason: string };

export const MARKER = '@@bb ';

export interface ConsoleCapture {
  /** Console text with markers removed; the head and tail are kept when over the cap. */
  text: string;
  truncated: boolean;
  /** Bytes of console output the guest produced, in all. */
  totalBytes: number;
}

export interface ParsedOutput {
  console: ConsoleCapture;
  events: GuestEvent[];
  /** Marker lines that could not be decoded (kept in the console as text). */
  warnings: string[];
}

const MAX_LINE = 64 * 1024;

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return undefined;
}

/** Decode one marker's JSON into an event, or a reason why not. */
export function decodeMarker(json: string): GuestEvent | string {
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(json);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'marker is not a JSON object';
    o = parsed as Record<string, unknown>;
  } catch {
    return 'marker is not valid JSON';
  }
  switch (o.k) {
    case 'hello':
      return { k: 'hello', proto: typeof o.proto === 'number' ? o.proto : 0, pack: typeof o.pack === 'string' ? o.pack : undefined };
    case 'param': {
      const value = toNumber(o.value);
      if (typeof o.name !== 'string' || value === undefined) return 'param marker needs name and value';
      return { k: 'param', name: o.name, value, default: o.default === true };
    }
    case 'metric': {
      const value = toNumber(o.value);
      if (typeof o.name !== 'string' || !o.name || value === undefined) return 'metric marker needs a name and a numeric value';
      return { k: 'metric', name: o.name, value, unit: typeof o.unit === 'string' ? o.unit : '' };
    }
    case 'exit':
      if (typeof o.status !== 'number' || !Number.isInteger(o.status)) return 'exit marker needs an integer status';
      return { k: 'exit', status: o.status };
    case 'crash':
      return { k: 'crash', reason: typeof o.reason === 'string' ? o.reason : 'unknown' };
    default:
      return `unknown marker kind ${JSON.stringify(o.k)}`;
  }
}

/**
 * Feed console bytes with push(); read events as they come (onEvent, onText)
 * and the whole capture with finish(). Console text beyond maxConsole bytes
 * keeps its first and last halves and is flagged truncated.
 */
export class GuestOutputParser {
  private partial = '';
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private totalBytes = 0;
  private truncated = false;
  private readonly events: GuestEvent[] = [];
  private readonly warnings: string[] = [];
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly maxConsole = 1 << 20,
    private readonly onEvent?: (e: GuestEvent) => void,
    private readonly onText?: (text: string) => void,
  ) {}

  push(chunk: Buffer | Uint8Array | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.partial += text.replace(/\r/g, '');
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      this.line(this.partial.slice(0, nl), true);
      this.partial = this.partial.slice(nl + 1);
    }
    if (this.partial.length > MAX_LINE) {
      // A very long line without a newline cannot be waited for forever: it is console text.
      this.appendConsole(this.partial);
      this.partial = '';
    }
  }

  private line(line: string, newline: boolean): void {
    const at = line.indexOf(MARKER);
    if (at < 0) {
      this.appendConsole(newline ? line + '\n' : line);
      return;
    }
    const decoded = decodeMarker(line.slice(at + MARKER.length));
    if (typeof decoded === 'string') {
      this.warnings.push(`${decoded}: ${line.slice(at, at + 200)}`);
      this.appendConsole(newline ? line + '\n' : line);
      return;
    }
    // Text printed before the marker on the same line is the user's console output.
    if (at > 0) this.appendConsole(line.slice(0, at) + '\n');
    this.events.push(decoded);
    this.onEvent?.(decoded);
  }

  private appendConsole(text: string): void {
    if (!text) return;
    const bytes = Buffer.from(text, 'utf8');
    this.totalBytes += bytes.length;
    this.onText?.(text);
    const half = Math.floor(this.maxConsole / 2);
    if (!this.truncated && this.headBytes + bytes.length <= this.maxConsole) {
      this.head.push(bytes);
      this.headBytes += bytes.length;
      return;
    }
    let rest = bytes;
    if (!this.truncated) {
      // Over the cap: keep the first half as the head; the rest becomes a rolling tail.
      this.truncated = true;
      const all = Buffer.concat([...this.head, bytes]);
      this.head = [all.subarray(0, half)];
      this.headBytes = half;
      rest = all.subarray(half);
    }
    this.tail.push(rest);
    this.tailBytes += rest.length;
    // Drop the oldest bytes beyond half the cap, cutting into a chunk where needed.
    while (this.tailBytes > half) {
      const oldest = this.tail[0]!;
      const excess = this.tailBytes - half;
      if (oldest.length <= excess) {
        this.tail.shift();
        this.tailBytes -= oldest.length;
      } else {
        this.tail[0] = oldest.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }

  finish(): ParsedOutput {
    this.partial += this.decoder.decode();
    if (this.partial) {
      this.line(this.partial, false);
      this.partial = '';
    }
    // A cut may fall inside a UTF-8 character: it decodes as U+FFFD, never as an error.
    let text = Buffer.concat(this.head).toString('utf8');
    if (this.truncated) {
      const omitted = this.totalBytes - this.headBytes - this.tailBytes;
      text += `\n[... ${omitted} bytes of console output omitted ...]\n` + Buffer.concat(this.tail).toString('utf8');
    }
    return { console: { text, truncated: this.truncated, totalBytes: this.totalBytes }, events: this.events, warnings: this.warnings };
  }
}

/** Parse a whole console log at once (tests, Slurm output files). */
export function parseGuestOutput(text: string, maxConsole?: number): ParsedOutput {
  const p = new GuestOutputParser(maxConsole);
  p.push(text);
  return p.finish();
}
