// The local QEMU runner: one QEMU process per run, its serial console parsed as
// it streams, a time limit that ends in a `timeout` result with the console so
// far, and the process group killed on timeout, cancel or Ctrl-C.
import { spawn } from 'node:child_process';
import { killTree, trackProcess } from '../../cleanup.js';
import { GuestOutputParser } from '../../guest/protocol.js';
import { Pool } from '../pool.js';
import type { BootRequest, BootResult, Runner } from '../types.js';
import { renderArgv } from './config.js';

const MAX_STDERR = 64 * 1024;
/** How long a guest may take to power off after reporting its exit or crash before it is stopped. */
const GRACE_AFTER_END_MS = 3000;

export class QemuRunner implements Runner {
  readonly kind = 'qemu';
  constructor(private readonly pool = new Pool()) {}

  async boot(req: BootRequest): Promise<BootResult> {
    try {
      return await this.pool.run(() => this.bootNow(req), req.signal);
    } catch (e) {
      // Cancelled while waiting for a core: still a run, with a record that says so.
      if (!(e instanceof DOMException && e.name === 'AbortError')) throw e;
      const end = { code: null, signal: null, timedOut: false, cancelled: true, stderr: '' };
      return { output: new GuestOutputParser(req.maxConsoleBytes).finish(), end, argv: renderArgv(req.qemu), totalMs: 0, runner: { kind: this.kind } };
    }
  }

  private bootNow(req: BootRequest): Promise<BootResult> {
    const argv = renderArgv(req.qemu);
    const started = performance.now();
    let bootMs: number | undefined;
    let onEnded = () => {};
    const parser = new GuestOutputParser(
      req.maxConsoleBytes,
      (e) => {
        if (e.k === 'hello' && bootMs === undefined) bootMs = performance.now() - started;
        if (e.k === 'exit' || e.k === 'crash') onEnded();
        req.onEvent?.(e);
      },
      req.onConsole,
    );
    return new Promise((resolve) => {
      if (req.signal?.aborted) {
        resolve(this.result(parser, argv, started, bootMs, { code: null, signal: null, timedOut: false, cancelled: true, stderr: '' }));
        return;
      }
      // stdin is ignored: with -serial stdio QEMU would otherwise read the user's terminal.
      const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      trackProcess(child);
      let stderr = '';
      let timedOut = false;
      let cancelled = false;
      child.stdout.on('data', (d: Buffer) => parser.push(d));
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < MAX_STDERR) stderr += d.toString('utf8');
      });
      const timer = setTimeout(() => {
        timedOut = true;
        killTree(child);
      }, req.timeoutMs);
      // The guest said it is done: a kernel that halts instead of powering off is stopped, not timed out.
      let grace: NodeJS.Timeout | undefined;
      onEnded = () => {
        grace ??= setTimeout(() => killTree(child), GRACE_AFTER_END_MS);
      };
      const onAbort = () => {
        cancelled = true;
        killTree(child);
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      let spawnError: string | undefined;
      child.once('error', (e) => {
        spawnError = e.message;
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        if (grace) clearTimeout(grace);
        req.signal?.removeEventListener('abort', onAbort);
        resolve(this.result(parser, argv, started, bootMs, { code, signal, timedOut, cancelled, stderr, spawnError }));
      });
    });
  }

  private result(
    parser: GuestOutputParser,
    argv: string[],
    started: number,
    bootMs: number | undefined,
    end: BootResult['end'],
  ): BootResult {
    return { output: parser.finish(), end, argv, bootMs, totalMs: performance.now() - started, runner: { kind: this.kind } };
  }
}
