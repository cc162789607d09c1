// The part of a Jupyter kernel that is the same for every kernel: dispatch by
// message type, one shell request at a time in arrival order, control requests
// at once, and an iopub `status` busy before and idle after every request
// (Jupyter clients wait for that idle, even after kernel_info). Transport-free:
// messages come in through handle() and go out through `send`.
import { makeMessage, type Channel, type JupyterMessage, type Send } from './messages.js';

export type KernelState = 'idle' | 'busy' | 'dead';

export type Handler = (msg: JupyterMessage) => Promise<void> | void;

interface Queued {
  msg: JupyterMessage;
  /** Set when an earlier cell failed with stop_on_error: answer "aborted" without running. */
  aborted: boolean;
  done: () => void;
}

export abstract class KernelBase {
  private readonly queue: Queued[] = [];
  private draining: Promise<void> | undefined;
  private active = 0;
  private dead = false;
  /** Work to do once a request's idle status is out (shutdown after its reply). */
  private readonly afterIdle = new WeakMap<JupyterMessage, () => Promise<void>>();

  protected constructor(
    protected readonly session: string,
    private readonly sendRaw: Send,
    protected readonly log: (line: string) => void = (line) => process.stderr.write(`bootbook kernel: ${line}\n`),
  ) {}

  /** Handlers by msg_type, filled by the concrete kernel. */
  protected abstract handlers(): Record<string, Handler>;

  get executionState(): KernelState {
    return this.dead ? 'dead' : this.active > 0 ? 'busy' : 'idle';
  }

  /**
   * Take one request. Resolves when it has been answered (reply and idle sent);
   * never rejects. Callers must not wait for it before passing on the next
   * message, or an interrupt would wait behind the cell it should stop.
   */
  handle(msg: JupyterMessage): Promise<void> {
    if (typeof msg?.header?.msg_type !== 'string') {
      this.log('ignoring a message without a header.msg_type');
      return Promise.resolve();
    }
    if (this.dead) {
      this.log(`ignoring ${msg.header.msg_type} after shutdown`);
      return Promise.resolve();
    }
    // Some clients (Jupyter's gateway client) send no channel: that is shell.
    const channel: Channel = msg.channel ?? 'shell';
    if (channel === 'control' || msg.header.msg_type === 'interrupt_request') return this.dispatch(msg);
    if (channel !== 'shell') {
      this.log(`ignoring ${msg.header.msg_type} on ${channel}`);
      return Promise.resolve();
    }
    return new Promise((done) => {
      this.queue.push({ msg, aborted: false, done });
      this.draining ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      await this.dispatch(next.msg, next.aborted);
      next.done();
    }
    this.draining = undefined;
  }

  private async dispatch(msg: JupyterMessage, aborted = false): Promise<void> {
    const type = msg.header.msg_type;
    this.active++;
    this.publish('status', { execution_state: 'busy' }, msg);
    try {
      if (aborted) {
        // As ipykernel: queued cells are answered, not run, after a failed cell.
        this.reply(msg, { status: 'aborted', execution_count: null });
      } else {
        const handler = this.handlers()[type];
        if (handler) await handler.call(this, msg);
        else this.log(`unknown message type ${type}: ignored`);
      }
    } catch (e) {
      // A bug in a handler must not leave the client waiting for a reply forever.
      const err = e instanceof Error ? e : new Error(String(e));
      this.log(`${type} failed: ${err.stack ?? err.message}`);
      if (type.endsWith('_request')) this.reply(msg, { status: 'error', ename: 'InternalError', evalue: err.message, traceback: [`InternalError: ${err.message}`] });
    } finally {
      this.active--;
      this.publish('status', { execution_state: 'idle' }, msg);
    }
    const after = this.afterIdle.get(msg);
    if (after) await after();
  }

  /** Answer queued execute requests with "aborted" (after a failed cell with stop_on_error, or a restart). */
  protected abortQueuedExecutes(): void {
    for (const q of this.queue) if (q.msg.header.msg_type === 'execute_request') q.aborted = true;
  }

  /** Run `work` once the idle status of `request` has been sent. */
  protected afterRequest(request: JupyterMessage, work: () => Promise<void>): void {
    this.afterIdle.set(request, work);
  }

  /** Resolves when no shell request is queued or running. */
  protected async whenShellIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  protected markDead(): void {
    this.dead = true;
    for (const q of this.queue.splice(0)) q.done();
  }

  protected send(channel: Channel, msgType: string, content: unknown, parent: JupyterMessage | undefined, metadata?: Record<string, unknown>): void {
    try {
      this.sendRaw(makeMessage(channel, msgType, content, parent, this.session, metadata));
    } catch (e) {
      // The transport's trouble (a closed socket) is not the kernel's: keep going.
      this.log(`send ${msgType} failed: ${(e as Error).message}`);
    }
  }

  protected publish(msgType: string, content: unknown, parent: JupyterMessage | undefined, metadata?: Record<string, unknown>): void {
    this.send('iopub', msgType, content, parent, metadata);
  }

  /** The reply to a request, on the request's own channel (shell or control). */
  protected reply(request: JupyterMessage, content: object, metadata?: Record<string, unknown>): void {
    const channel: Channel = request.channel === 'control' ? 'control' : 'shell';
    this.send(channel, request.header.msg_type.replace(/_request$/, '_reply'), content, request, metadata);
  }
}
