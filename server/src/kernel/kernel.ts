// The bootbook notebook kernel: a cell is a C program (with directives on top)
// that is compiled for a target, booted in QEMU and measured. KernelBase does the
// protocol bookkeeping; this class answers each request type.
import type { KernelMessage } from '@jupyterlab/services';
import type { Pack } from '../engine/packs/types.js';
import { bootbookVersion } from '../engine/version.js';
import { KernelBase, type Handler } from './base.js';
import { runCell, type EngineDefaults, type SessionDefaults } from './execute.js';
import type { SessionOverlays } from './file-cell.js';
import { complete, inspect, isComplete } from './help.js';
import { PROTOCOL_VERSION, type JupyterMessage, type Send } from './messages.js';

export interface BootbookKernelOptions {
  packs: ReadonlyMap<string, Pack>;
  /** The notebook's kernelspec target; `%target` overrides it for one cell. */
  defaultTarget: { pack: string; arch?: string };
  /** Goes into every message header, as Jupyter kernels do. */
  session: string;
  send: Send;
  engineDefaults?: EngineDefaults;
  /** Parameters that win over every cell's %param (`bootbook execute --param k=v`). */
  paramOverrides?: Record<string, string>;
  /** Folder whose .bootbook/results.sqlite keeps sweep results. */
  resultsRoot?: string;
  /** Told when a client's shutdown_request shut the kernel down (restart: it restarted in place). */
  onShutdownRequest?: (restart: boolean) => void;
  /** Where protocol oddities go (unknown request types...); default: stderr. */
  log?: (line: string) => void;
}

type ExecuteContent = Partial<KernelMessage.IExecuteRequestMsg['content']>;

/** JupyterLab copies a cell's metadata (tags included) into the request metadata. */
function stopOnError(msg: JupyterMessage): boolean {
  const content = msg.content as ExecuteContent;
  const metadata = (msg.metadata ?? {}) as { tags?: unknown; stop_on_error?: unknown };
  if (content.stop_on_error === false || metadata.stop_on_error === false) return false;
  return !(Array.isArray(metadata.tags) && metadata.tags.includes('raises-exception'));
}

export class BootbookKernel extends KernelBase {
  private executionCount = 0;
  private running: AbortController | undefined;
  /** `%%file` overlays of this session; a restart forgets them (running the cells again restores them). */
  private readonly overlays: SessionOverlays = new Map();
  /** The notebook's default runner (a cell of `%runner` alone); a restart forgets it too. */
  private readonly notebookDefaults: SessionDefaults = {};
  private readonly table: Record<string, Handler>;

  constructor(private readonly opts: BootbookKernelOptions) {
    super(opts.session, opts.send, opts.log);
    this.table = {
      kernel_info_request: (m) => this.reply(m, this.kernelInfo()),
      execute_request: (m) => this.execute(m),
      complete_request: (m) => {
        const c = m.content as KernelMessage.ICompleteRequestMsg['content'];
        this.reply(m, { status: 'ok', ...complete(String(c.code ?? ''), Number(c.cursor_pos ?? 0), this.opts.packs) });
      },
      inspect_request: (m) => {
        const c = m.content as KernelMessage.IInspectRequestMsg['content'];
        const doc = inspect(String(c.code ?? ''), Number(c.cursor_pos ?? 0), this.opts.packs);
        this.reply(m, { status: 'ok', found: doc !== undefined, data: doc === undefined ? {} : { 'text/plain': doc }, metadata: {} });
      },
      is_complete_request: (m) => this.reply(m, isComplete(String((m.content as { code?: unknown }).code ?? ''))),
      // Cells are whole programs, not a session: there is no history to recall.
      history_request: (m) => this.reply(m, { status: 'ok', history: [] }),
      comm_info_request: (m) => this.reply(m, { status: 'ok', comms: {} }),
      interrupt_request: (m) => {
        this.reply(m, { status: 'ok' });
        this.interrupt();
      },
      shutdown_request: (m) => this.shutdownRequest(m),
    };
  }

  protected handlers(): Record<string, Handler> {
    return this.table;
  }

  private kernelInfo(): KernelMessage.IInfoReply {
    const t = this.opts.defaultTarget;
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: 'bootbook',
      implementation_version: bootbookVersion(),
      language_info: {
        name: 'c',
        version: 'gnu11',
        mimetype: 'text/x-csrc',
        file_extension: '.c',
        codemirror_mode: 'text/x-csrc',
        pygments_lexer: 'c',
      },
      banner: [
        `bootbook ${bootbookVersion()}: each cell is a C program (#include <bootbook.h>), compiled for ${t.pack}${t.arch ? ` (${t.arch})` : ''}, booted in QEMU and measured.`,
        'Directives at the top of a cell: %target PACK [k=v]..., %param k=v, %repeat N, %clock real|icount, %timeout S, %sweep k=v1,v2..., %plot x=... y=....',
        'A cell starting with %%file PACK:PATH replaces that file of the pack for the later cells of this notebook.',
      ].join('\n'),
      help_links: [
        { text: 'C reference', url: 'https://en.cppreference.com/w/c' },
        { text: 'QEMU documentation', url: 'https://www.qemu.org/docs/master/' },
      ],
    };
  }

  private async execute(msg: JupyterMessage): Promise<void> {
    const c = msg.content as ExecuteContent;
    const code = typeof c.code === 'string' ? c.code : '';
    const silent = c.silent === true;
    if (!silent && c.store_history !== false) this.executionCount++;
    const count = this.executionCount;
    if (!silent) this.publish('execute_input', { code, execution_count: count }, msg);

    const controller = new AbortController();
    this.running = controller;
    let outcome: Awaited<ReturnType<typeof runCell>>;
    try {
      outcome = await runCell(code, {
        packs: this.opts.packs,
        defaultTarget: this.opts.defaultTarget,
        engineDefaults: this.opts.engineDefaults,
        paramOverrides: this.opts.paramOverrides,
        resultsRoot: this.opts.resultsRoot,
        overlays: this.overlays,
        session: this.notebookDefaults,
        // A silent request runs quietly: only its reply says how it went.
        publish: silent ? () => {} : (type, content) => this.publish(type, content, msg),
        signal: controller.signal,
        executionCount: count,
      });
    } finally {
      if (this.running === controller) this.running = undefined;
    }
    if (outcome.status === 'ok') {
      this.reply(msg, { status: 'ok', execution_count: count, user_expressions: {}, payload: [] }, { status: 'ok' });
      return;
    }
    if (!silent) this.publish('error', outcome.error, msg);
    // Cells queued behind a failed one were written expecting it to succeed (ipykernel does the same).
    if (stopOnError(msg)) this.abortQueuedExecutes();
    this.reply(msg, { status: 'error', execution_count: count, ...outcome.error, user_expressions: {}, payload: [] }, { status: 'error' });
  }

  private shutdownRequest(msg: JupyterMessage): void {
    const restart = (msg.content as { restart?: unknown }).restart === true;
    this.reply(msg, { status: 'ok', restart });
    // Every client learns of it, not only the one that asked (ipykernel does the same).
    this.publish('shutdown_reply', { status: 'ok', restart }, msg);
    // Inside a shell request the queue is ours: waiting for it to drain would wait for ourselves.
    const waitShell = msg.channel === 'control';
    this.afterRequest(msg, async () => {
      if (restart) await this.restartNow(waitShell);
      else await this.shutdownNow(waitShell);
      this.opts.onShutdownRequest?.(restart);
    });
  }

  /** Stop the running cell (the engine kills its QEMU). Queued cells then abort if it had stop_on_error. */
  interrupt(): void {
    this.running?.abort();
  }

  /** Clear kernel state: stop the running cell, answer queued ones "aborted", reset the counter. */
  restart(): Promise<void> {
    return this.restartNow(true);
  }

  /** Stop everything; later requests are ignored. */
  shutdown(): Promise<void> {
    return this.shutdownNow(true);
  }

  private async restartNow(waitShell: boolean): Promise<void> {
    this.abortQueuedExecutes();
    this.running?.abort();
    if (waitShell) await this.whenShellIdle();
    this.executionCount = 0;
    this.overlays.clear();
    delete this.notebookDefaults.runner;
  }

  private async shutdownNow(waitShell: boolean): Promise<void> {
    if (this.executionState === 'dead') return;
    this.running?.abort();
    this.markDead();
    if (waitShell) await this.whenShellIdle();
  }
}
