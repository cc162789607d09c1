// A `%%file PACK:PATH` cell: the rest of the cell is a replacement (or new file)
// for a pack's source, kept in the kernel session as a notebook overlay. Nothing
// builds here: later cells that target the pack build with the overlay (see
// engine/packs/overlay.ts). Re-running the cell replaces the overlay; a cell with
// an empty body removes it. A kernel restart forgets every overlay, as it forgets
// everything else: running the cells again brings them back.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBootbookError } from '../engine/errors.js';
import { checkOverlayPath, type Overlay } from '../engine/packs/overlay.js';
import type { Pack } from '../engine/packs/types.js';
import { changedLines, countLines } from './line-diff.js';
import { simpleError, type JupyterError } from './render.js';

/** The overlays of one kernel session, by "pack:path". */
export type SessionOverlays = Map<string, Overlay>;

export const FILE_USAGE = '%%file PACK:PATH (e.g. %%file kite:src/sched/sched.c), then the file\'s text';

/** Does the cell start with %%file? (Only the first line may carry it.) */
export function isFileCell(code: string): boolean {
  return /^%%file(\s|$)/.test(code);
}

export interface FileCell {
  pack: string;
  /** The path as written (checked against the pack later). */
  path: string;
  /** Everything after the first line, verbatim. */
  content: string;
}

/** Split a %%file cell; a malformed first line is an error naming line 1 and the usage. */
export function parseFileCell(code: string): FileCell | { error: string } {
  const nl = code.indexOf('\n');
  const first = (nl < 0 ? code : code.slice(0, nl)).replace(/\r$/, '');
  const content = nl < 0 ? '' : code.slice(nl + 1);
  const args = first.slice('%%file'.length).trim().split(/\s+/).filter(Boolean);
  if (args.length !== 1) return { error: `line 1: ${args.length ? 'too many words after %%file' : '%%file needs the file to overlay'}; write ${FILE_USAGE}` };
  const spec = args[0]!;
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) return { error: `line 1: "${spec}" is not PACK:PATH; write ${FILE_USAGE}` };
  return { pack: spec.slice(0, colon), path: spec.slice(colon + 1), content };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How the overlay compares with the pack's own file, in words. */
function comparison(pack: Pack, path: string, content: string): string {
  const original = join(pack.dir, path);
  const lines = plural(countLines(content), 'line');
  if (!existsSync(original)) return `new file, ${lines}`;
  const { added, removed } = changedLines(readFileSync(original, 'utf8'), content);
  if (!added && !removed) return `${lines}, identical to the pack's file`;
  return `${lines}, differs from the pack in ${plural(Math.max(added, removed), 'line')}: +${added} -${removed}`;
}

/**
 * Record (or remove) the overlay and say so. Returns the confirmation text, or
 * the error for the reply. `packs` are the loaded packs, without overlays.
 */
export function runFileCell(code: string, packs: ReadonlyMap<string, Pack>, overlays: SessionOverlays): { text: string } | { error: JupyterError } {
  const cell = parseFileCell(code);
  if ('error' in cell) return { error: simpleError('OverlayError', cell.error, [`    1 | ${code.split('\n')[0]}`]) };
  const pack = packs.get(cell.pack);
  if (!pack) return { error: simpleError('OverlayError', `line 1: unknown pack "${cell.pack}"; valid packs: ${[...packs.keys()].sort().join(', ')}`) };
  let path: string;
  try {
    path = checkOverlayPath(pack, cell.path);
  } catch (e) {
    if (isBootbookError(e)) return { error: simpleError('OverlayError', `line 1: ${e.message}`) };
    throw e;
  }
  const key = `${cell.pack}:${path}`;
  let text: string;
  if (!cell.content.trim()) {
    const had = overlays.delete(key);
    text = had ? `${key}: overlay removed (the cell is empty); cells for ${cell.pack} build with the pack's own file again` : `${key}: the cell is empty and there was no overlay to remove (an empty %%file cell removes one)`;
  } else {
    const replaced = overlays.has(key);
    overlays.set(key, { pack: cell.pack, path, content: cell.content });
    text = `${key} overlaid for this notebook (${comparison(pack, path, cell.content)})${replaced ? ', replacing the earlier version' : ''}; later cells that target ${cell.pack} build with it, nothing was built now`;
  }
  const active = [...overlays.values()].filter((o) => o.pack === cell.pack).map((o) => o.path);
  text += `\noverlays of ${cell.pack} in this session: ${active.length ? active.join(', ') : 'none'}\n`;
  return { text };
}

/** Files a %%file cell may name: regular files of the pack (no dotfiles, no links, not pack.json), at most `max`. */
export function overlayableFiles(dir: string, max = 2000): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (out.length >= max || e.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && path !== 'pack.json') out.push(path);
    }
  };
  walk('');
  return out;
}

/**
 * Completions on a %%file first line: `%%file`, then `PACK:`, then `PACK:PATH` with the
 * pack's files. Undefined when the line is no %%file line (the directive completions apply).
 */
export function completeFileLine(line: string, packs: ReadonlyMap<string, Pack>): { token: string; matches: string[] } | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(%%\w*)$/.exec(line))) return { token: m[1]!, matches: ['%%file'].filter((d) => d.startsWith(m![1]!)) };
  if ((m = /^%%file\s+([^\s:]*)$/.exec(line))) return { token: m[1]!, matches: [...packs.keys()].sort().map((p) => `${p}:`).filter((p) => p.startsWith(m![1]!)) };
  if ((m = /^%%file\s+([^\s:]+):(\S*)$/.exec(line))) {
    const token = `${m[1]}:${m[2]}`;
    const pack = packs.get(m[1]!);
    return { token, matches: pack ? overlayableFiles(pack.dir).map((f) => `${m![1]}:${f}`).filter((f) => f.startsWith(token)) : [] };
  }
  return undefined;
}
