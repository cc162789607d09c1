// The runner interface shared by the local QEMU pool and Slurm: a runner boots
// one prepared image description and reports how it ended. A runner that can
// submit many boots at once (Slurm: one job array) also has bootMany.
import type { ExitDevice } from '../packs/types.js';
import type { GuestEvent, ParsedOutput } from '../guest/protocol.js';
import type { MachineEnd } from '../guest/status.js';
import type { QemuConfig } from './qemu/config.js';

export interface BootRequest {
  qemu: QemuConfig;
  exit: ExitDevice;
  timeoutMs: number;
  maxConsoleBytes: number;
  signal?: AbortSignal;
  onEvent?: (e: GuestEvent) => void;
  onConsole?: (text: string) => void;
  /**
   * What the user asked for and what the pack allows. A runner that boots on
   * another machine (slurm) decides `auto` there, where the guest runs.
   */
  accelChoice?: { requested: 'auto' | 'tcg' | 'kvm'; allowed: readonly string[]; tcgCpu?: string };
}

export interface BootResult {
  output: ParsedOutput;
  end: MachineEnd;
  argv: string[];
  /** From QEMU start to the runtime's hello marker (undefined if it never came). */
  bootMs?: number;
  totalMs: number;
  /** Extra facts for the record's `runner` field. */
  runner: Record<string, unknown>;
}

export interface Runner {
  readonly kind: string;
  boot(req: BootRequest): Promise<BootResult>;
  /** Boot a batch as one submission; one promise per request, in order, each resolved when its run ends. */
  bootMany?(reqs: readonly BootRequest[]): Promise<BootResult>[];
}
