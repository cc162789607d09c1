// Notebooks on disk, written the way Python's nbformat writes them (sorted keys,
// one-space indent, multi-line strings as lists of lines, trailing newline), so
// a notebook saved here diffs cleanly against one saved by Jupyter, and read back
// with strings joined, as jupyter_server hands them to the front end.
import { badRequest } from '../errors.js';
import { bodySchema } from '../schemas.js';

export interface NotebookContent {
  cells: Record<string, unknown>[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/**
 * What a save must at least look like: nbformat 4 with a cells array, a metadata
 * object and well-formed cells. Not the full nbformat schema (Python's jsonschema
 * file is not shipped with any npm package we use); enough that a truncated or
 * foreign body is refused with a message and nothing is written.
 */
export const notebookSchema = {
  type: 'object',
  required: ['cells', 'metadata', 'nbformat', 'nbformat_minor'],
  properties: {
    nbformat: { const: 4 },
    nbformat_minor: { type: 'integer', minimum: 0 },
    metadata: { type: 'object' },
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['cell_type', 'source', 'metadata'],
        properties: {
          id: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
          cell_type: { enum: ['code', 'markdown', 'raw'] },
          source: { type: ['string', 'array'], items: { type: 'string' } },
          metadata: { type: 'object' },
          attachments: { type: 'object' },
          outputs: { type: 'array', items: { type: 'object', required: ['output_type'], properties: { output_type: { type: 'string' } } } },
          execution_count: { type: ['integer', 'null'] },
        },
        if: { properties: { cell_type: { const: 'code' } } },
        then: { required: ['outputs', 'execution_count'] },
      },
    },
  },
} as const;

const fileSchema = bodySchema<NotebookContent>(notebookSchema, { what: 'notebook file' });

export function newNotebook(): NotebookContent {
  return { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** nbformat's split_lines: "a\nb" -> ["a\n", "b"]. */
function splitLines(s: Json): Json {
  if (typeof s !== 'string') return s;
  const lines = s.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

const joinLines = (s: Json): Json => (Array.isArray(s) && s.every((x) => typeof x === 'string') ? s.join('') : s);

/** JSON mime types keep their structure; every other mime bundle entry is text. */
const isJsonMime = (mime: string) => mime === 'application/json' || mime.endsWith('+json');

function mapMultiline(nb: Json, f: (s: Json) => Json): Json {
  const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const copy = JSON.parse(JSON.stringify(nb)) as { cells?: unknown };
  for (const cell of Array.isArray(copy.cells) ? copy.cells : []) {
    if (!isObject(cell)) continue;
    if ('source' in cell) cell.source = f(cell.source ?? '');
    for (const out of Array.isArray(cell.outputs) ? cell.outputs : []) {
      if (!isObject(out)) continue;
      if (out.output_type === 'stream' && 'text' in out) out.text = f(out.text ?? '');
      const data = out.data;
      if (isObject(data)) {
        for (const mime of Object.keys(data)) if (!isJsonMime(mime)) data[mime] = f(data[mime] ?? '');
      }
    }
  }
  return copy as Json;
}

/** Objects rebuilt with sorted keys (null prototype: a "__proto__" key stays plain data). */
function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out = Object.create(null) as Record<string, Json>;
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as Json);
  return out;
}

export function serializeNotebook(nb: NotebookContent): string {
  return JSON.stringify(sortKeys(mapMultiline(nb as unknown as Json, splitLines)), null, 1) + '\n';
}

/**
 * Read a notebook file. Unparsable JSON or another nbformat major version is a
 * 400 (we cannot upgrade v3 as Python's nbformat does); a v4 notebook that fails
 * validation is still returned, with the problem in `message`, as jupyter_server
 * does, so a slightly odd file written by another tool still opens.
 */
export function readNotebook(text: string, path: string): { content: NotebookContent; message?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw badRequest(`Unreadable Notebook: ${path}: ${(e as Error).message}`);
  }
  const nbformat = (data as { nbformat?: unknown } | null)?.nbformat;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || nbformat !== 4) {
    throw badRequest(`Unreadable Notebook: ${path}: only nbformat 4 notebooks are supported (found nbformat ${JSON.stringify(nbformat ?? null)}).`);
  }
  let message: string | undefined;
  try {
    fileSchema.check(data);
  } catch (e) {
    message = (e as Error).message;
  }
  const content = mapMultiline(data as Json, joinLines) as unknown as NotebookContent;
  return message === undefined ? { content } : { content, message };
}
