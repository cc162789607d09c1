// Running a whole notebook without a front end (`bootbook execute`): every code
// cell in order through the same BootbookKernel a browser talks to, outputs
// collected the way JupyterLab's output area does (streams merged, display
// updates applied), stopping at the first error unless the cell is tagged
// `raises-exception`.
import type { Pack } from '../engine/packs/types.js';
import { BootbookKernel } from './kernel.js';
import { makeMessage, type JupyterMessage } from './messages.js';
import { PROGRESS_MIME } from './progress.js';

export interface NotebookCell {
  id?: string;
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  metadata: { tags?: string[]; [k: string]: unknown };
  outputs?: Output[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name: string; display_name?: string; language?: string }; [k: string]: unknown };
  cells: NotebookCell[];
}

type Output = Record<string, unknown> & { output_type: string };

export interface ExecuteResult {
  notebook: Notebook;
  /** Index of the cell that stopped the run, if any. */
  failedCell?: number;
  error?: { ename: string; evalue: string };
  executed: number;
}

export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** nbformat stores multi-line strings as lists of lines. */
function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function outputFrom(msg: JupyterMessage, count: number): Output | undefined {
  const c = msg.content as Record<string, unknown>;
  switch (msg.header.msg_type) {
    case 'stream':
      return { output_type: 'stream', name: c.name, text: c.text };
    case 'display_data':
      return { output_type: 'display_data', data: c.data, metadata: c.metadata ?? {} };
    case 'execute_result':
      return { output_type: 'execute_result', data: c.data, metadata: c.metadata ?? {}, execution_count: count };
    case 'error':
      return { output_type: 'error', ename: c.ename, evalue: c.evalue, traceback: c.traceback };
    default:
      return undefined;
  }
}

/**
 * A cleared progress line (empty text, perhaps with the finished progress JSON) is
 * not worth saving: a saved notebook keeps results, not the bar that led to them.
 */
function isEmptyDisplay(o: Output): boolean {
  if (o.output_type !== 'display_data') return false;
  const data = (o.data ?? {}) as Record<string, unknown>;
  return Object.keys(data).every((k) => k === PROGRESS_MIME || (k === 'text/plain' && !String(data[k]).trim()));
}

function finishOutputs(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const o of outputs.filter((o) => !isEmptyDisplay(o))) {
    const last = merged.at(-1);
    if (o.output_type === 'stream' && last?.output_type === 'stream' && last.name === o.name) last.text = String(last.text) + String(o.text);
    else merged.push({ ...o });
  }
  for (const o of merged) {
    if (o.output_type === 'stream') o.text = lines(String(o.text));
    if (o.data) {
      const data = o.data as Record<string, unknown>;
      for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && k.startsWith('text/')) data[k] = lines(v);
    }
  }
  return merged;
}

export async function executeNotebook(
  packs: ReadonlyMap<string, Pack>,
  nb: Notebook,
  defaultTarget: { pack: string; arch?: string },
  opts: { params?: Record<string, string>; resultsRoot?: string; onCell?: (index: number, total: number) => void } = {},
): Promise<ExecuteResult> {
  const session = `execute-${process.pid}`;
  let pending: { id: string; resolve: (reply: JupyterMessage) => void } | undefined;
  let collected: Output[] = [];
  const displays = new Map<string, Output>();
  let count = 0;
  const kernel = new BootbookKernel({
    packs,
    defaultTarget,
    session,
    paramOverrides: opts.params,
    resultsRoot: opts.resultsRoot,
    send: (msg) => {
      const parent = (msg.parent_header as { msg_id?: string }).msg_id;
      if (!pending || parent !== pending.id) return;
      if (msg.header.msg_type === 'execute_reply') return pending.resolve(msg);
      const c = msg.content as Record<string, unknown>;
      if (msg.header.msg_type === 'clear_output') {
        collected = [];
        return;
      }
      if (msg.header.msg_type === 'update_display_data') {
        const id = (c.transient as { display_id?: string } | undefined)?.display_id;
        const target = id ? displays.get(id) : undefined;
        if (target) Object.assign(target, { data: c.data, metadata: c.metadata ?? {} });
        return;
      }
      const out = outputFrom(msg, count);
      if (!out) return;
      const id = (c.transient as { display_id?: string } | undefined)?.display_id;
      if (id) displays.set(id, out);
      collected.push(out);
    },
  });
  const result: ExecuteResult = { notebook: nb, executed: 0 };
  try {
    const code = nb.cells.map((c, i) => [c, i] as const).filter(([c]) => c.cell_type === 'code');
    for (const [n, [cell, index]] of code.entries()) {
      opts.onCell?.(n + 1, code.length);
      const expectError = cell.metadata.tags?.includes('raises-exception') ?? false;
      const request = makeMessage('shell', 'execute_request', { code: cellSource(cell), silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: !expectError }, undefined, session, { cellId: cell.id, tags: cell.metadata.tags ?? [] });
      collected = [];
      displays.clear();
      const reply = await new Promise<JupyterMessage>((resolve) => {
        pending = { id: request.header.msg_id, resolve };
        void kernel.handle(request);
      });
      const content = reply.content as { status: string; execution_count?: number; ename?: string; evalue?: string };
      count = content.execution_count ?? count + 1;
      cell.execution_count = count;
      cell.outputs = finishOutputs(collected).map((o) => (o.output_type === 'execute_result' ? { ...o, execution_count: count } : o));
      result.executed++;
      if (content.status === 'error' && !expectError) {
        result.failedCell = index;
        result.error = { ename: content.ename ?? 'Error', evalue: content.evalue ?? '' };
        break;
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return result;
}
