// The source viewer's state without a DOM: the pack's original text, the text
// being edited, where it came from (the pack or the notebook's `%%file` cell),
// and how "Save as notebook overlay" changes a notebook's cells. The kernel reads
// the same `%%file PACK:PATH` first line (server/src/kernel/file-cell.ts).

/** The first line of the overlay cell for a pack file. */
export function fileCellHeader(pack: string, path: string): string {
  return `%%file ${pack}:${path}`;
}

/** `a/./b` and `./a` name the same file as `a/b` (the kernel normalizes the same way). */
export function normalizePath(path: string): string {
  return path
    .split('/')
    .filter(p => p !== '' && p !== '.')
    .join('/');
}

/** The pack and path of a `%%file` cell, or undefined for any other cell. */
export function parseFileCellHeader(source: string): { pack: string; path: string } | undefined {
  const first = source.split('\n', 1)[0]!.trim();
  const m = /^%%file\s+([^\s:]+):(\S+)$/.exec(first);
  return m ? { pack: m[1]!, path: normalizePath(m[2]!) } : undefined;
}

/** A `%%file` cell's whole source: the header line, then the file's text. */
export function overlayCellSource(pack: string, path: string, content: string): string {
  return `${fileCellHeader(pack, path)}\n${content}`;
}

/** The code cells' sources, in notebook order (what the model needs of a notebook). */
export interface CellSource {
  cellType: string;
  source: string;
}

/** Index of the (first) code cell that overlays pack:path, or -1. */
export function findOverlayCell(cells: readonly CellSource[], pack: string, path: string): number {
  const want = normalizePath(path);
  return cells.findIndex(c => {
    if (c.cellType !== 'code') return false;
    const h = parseFileCellHeader(c.source);
    return !!h && h.pack === pack && h.path === want;
  });
}

/** The notebook's overlay text for pack:path, if a cell holds one (an empty body removes an overlay: none). */
export function overlayContent(cells: readonly CellSource[], pack: string, path: string): string | undefined {
  const i = findOverlayCell(cells, pack, path);
  if (i < 0) return undefined;
  const src = cells[i]!.source;
  const nl = src.indexOf('\n');
  const body = nl < 0 ? '' : src.slice(nl + 1);
  return body.trim() ? body : undefined;
}

/** Where "Save as notebook overlay" writes: over the existing cell for this file, else a new first cell. */
export type SavePlan = { action: 'update'; index: number; source: string } | { action: 'insert'; index: 0; source: string };

export function planOverlaySave(cells: readonly CellSource[], pack: string, path: string, content: string): SavePlan {
  const source = overlayCellSource(pack, path, content);
  const index = findOverlayCell(cells, pack, path);
  return index >= 0 ? { action: 'update', index, source } : { action: 'insert', index: 0, source };
}

export type Origin = 'pack' | 'overlay';

/** One open file: its original (the pack's), the text being edited, and the diff toggle. */
export class SourceViewerModel {
  private text: string;
  private saved: string;
  diff = false;

  constructor(
    readonly pack: string,
    readonly path: string,
    readonly original: string,
    /** The notebook's overlay of this file when the viewer opened, if any. */
    overlay?: string
  ) {
    this.origin = overlay !== undefined ? 'overlay' : 'pack';
    this.text = overlay ?? original;
    this.saved = this.text;
  }

  /** Where the text shown came from when it was last loaded or saved. */
  origin: Origin;

  get current(): string {
    return this.text;
  }

  setText(text: string): void {
    this.text = text;
  }

  /** The text differs from the pack's file. */
  get changedFromPack(): boolean {
    return this.text !== this.original;
  }

  /** Edits not yet written to the notebook. */
  get unsaved(): boolean {
    return this.text !== this.saved;
  }

  toggleDiff(): boolean {
    this.diff = !this.diff;
    return this.diff;
  }

  /** The cell change for "Save as notebook overlay"; call markSaved() once it is applied. */
  planSave(cells: readonly CellSource[]): SavePlan {
    return planOverlaySave(cells, this.pack, this.path, this.text);
  }

  markSaved(): void {
    this.saved = this.text;
    this.origin = 'overlay';
  }

  /** The status line: file, size, where the text came from, and whether it has unsaved edits. */
  status(): string {
    const bytes = new TextEncoder().encode(this.text).length;
    const from = this.origin === 'overlay' ? "the notebook's overlay (%%file cell)" : 'the pack';
    const edits = this.unsaved ? ' · edited, not saved' : this.changedFromPack ? ' · differs from the pack' : '';
    return `${this.pack}/${this.path} · ${bytes.toLocaleString('en-US')} bytes · from ${from}${edits}`;
  }
}
