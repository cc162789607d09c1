// A kernel with a `send` that records every message, and helpers to send
// requests and read what came back for each of them.
import type { Pack } from '../../../server/src/engine/packs/types.js';
import { BootbookKernel, type BootbookKernelOptions } from '../../../server/src/kernel/kernel.js';
import { makeMessage, type Channel, type JupyterMessage } from '../../../server/src/kernel/messages.js';

export class Harness {
  readonly sent: JupyterMessage[] = [];
  readonly logs: string[] = [];
  readonly kernel: BootbookKernel;

  constructor(packs: ReadonlyMap<string, Pack>, opts: Partial<BootbookKernelOptions> = {}) {
    this.kernel = new BootbookKernel({
      packs,
      defaultTarget: { pack: 'linux' },
      session: 'test-session',
      send: (m) => this.sent.push(m),
      log: (l) => this.logs.push(l),
      ...opts,
    });
  }

  request(msgType: string, content: Record<string, unknown> = {}, channel: Channel = 'shell', metadata: Record<string, unknown> = {}): JupyterMessage {
    return makeMessage(channel, msgType, content, undefined, 'client-session', metadata);
  }

  /** Send a request; resolves when it has been answered. */
  async ask(msgType: string, content: Record<string, unknown> = {}, channel: Channel = 'shell', metadata: Record<string, unknown> = {}): Promise<JupyterMessage> {
    const req = this.request(msgType, content, channel, metadata);
    await this.kernel.handle(req);
    return req;
  }

  execute(code: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): JupyterMessage {
    return this.request('execute_request', { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra }, 'shell', metadata);
  }

  /** Every message whose parent is `req`, in the order sent. */
  of(req: JupyterMessage): JupyterMessage[] {
    return this.sent.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id);
  }

  replyTo(req: JupyterMessage): JupyterMessage | undefined {
    return this.of(req).find((m) => m.header.msg_type.endsWith('_reply') && m.channel !== 'iopub');
  }

  content<T = Record<string, unknown>>(m: JupyterMessage | undefined): T {
    return (m?.content ?? {}) as T;
  }

  iopub(req: JupyterMessage, msgType?: string): JupyterMessage[] {
    return this.of(req).filter((m) => m.channel === 'iopub' && (!msgType || m.header.msg_type === msgType));
  }

  /** msg_type (with the status for status messages) of everything sent for `req`. */
  trace(req: JupyterMessage): string[] {
    return this.of(req).map((m) => (m.header.msg_type === 'status' ? `status:${(m.content as { execution_state: string }).execution_state}` : `${m.channel}:${m.header.msg_type}`));
  }
}
