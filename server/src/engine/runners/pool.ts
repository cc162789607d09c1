// A local pool: at most `size` boots at once (one per core by default, since
// each TCG guest keeps a host core busy). Waiters are served in order.
import { availableParallelism } from 'node:os';

export class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size = availableParallelism()) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new DOMException('cancelled while queued', 'AbortError'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(go);
      });
    }
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  get busy(): number {
    return this.active;
  }
}
