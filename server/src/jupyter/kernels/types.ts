// The kernel manager as the REST routes and the socket see it. Models follow
// jupyter_server's api.yaml (Kernel, KernelSpec, Session).

export type ExecutionState = 'starting' | 'idle' | 'busy' | 'restarting' | 'dead';

export interface KernelModel {
  id: string;
  /** The kernelspec name (one per target: "linux-x86_64", "kite-riscv64"). */
  name: string;
  last_activity: string;
  execution_state: ExecutionState;
  connections: number;
}

/** A kernelspec's kernel.json, as Jupyter reads it. */
export interface KernelJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'message' | 'signal';
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

export interface KernelSpecModel {
  name: string;
  spec: KernelJson;
  resources: Record<string, string>;
}

export interface KernelManagerLike {
  list(): KernelModel[];
  get(id: string): KernelModel | undefined;
  /**
   * Start a kernel for a kernelspec name; throws BootbookError('unknown-target') for an unknown name.
   * `path`: the notebook's API path, so the kernel also sees the packs/ folder beside it.
   */
  start(name: string, opts?: { path?: string }): KernelModel;
  interrupt(id: string): void;
  restart(id: string): Promise<void>;
  shutdown(id: string): Promise<void>;
  specs(): { default: string; kernelspecs: Record<string, KernelSpecModel> };
  /**
   * Optional: the folder holding a kernelspec's resource files (logo-32x32.png,
   * logo-64x64.png, logo-svg.svg, kernel.js, kernel.css), served at
   * /kernelspecs/<name>/<file> and listed in the spec's `resources`.
   */
  resourceDir?(name: string): string | undefined;
}
