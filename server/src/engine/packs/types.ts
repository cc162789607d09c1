// The shape of kernels/<name>/pack.json (validated by kernels/pack.schema.json).

export type Arch = 'x86_64' | 'riscv64' | 'aarch64';
export const ARCHES: readonly Arch[] = ['x86_64', 'riscv64', 'aarch64'];

export type OptionType = 'integer' | 'size' | 'enum' | 'string';

export interface OptionSpec {
  type: OptionType;
  default: number | string;
  description: string;
  unit?: string;
  min?: number | string;
  max?: number | string;
  values?: (string | number)[];
  pattern?: string;
  /** build: the option changes the image (part of the build cache key); boot: only the boot. */
  stage?: 'build' | 'boot';
  /** The architectures that support this option (default: every architecture of the pack). */
  architectures?: Arch[];
}

export type BuildStep =
  | { compile: string; to: string; flags?: string[] }
  | { run: string[] }
  | { initramfs: Record<string, string>; to: string };

export interface BuildRecipe {
  compiler: string;
  cflags?: string[];
  steps: BuildStep[];
  image: string[];
}

export type ExitDevice = 'isa-debug-exit' | 'sifive-test' | 'semihosting' | 'none';

export interface BootRecipe {
  qemu: string;
  machine: string;
  cpu?: string;
  memory?: string;
  smp?: string;
  kernel: string;
  initrd?: string;
  cmdline?: string;
  clockCmdline?: { real?: string; icount?: string };
  exit: ExitDevice;
  accel?: ('tcg' | 'kvm')[];
  icount?: boolean;
  args?: string[];
}

export interface PackManifest {
  name: string;
  displayName?: string;
  /** How notebooks name a target of this pack; ${arch} and ${version} are filled in. */
  kernelName?: string;
  version: string;
  summary: string;
  architectures: Arch[];
  interfaces: string[];
  options: Record<string, OptionSpec>;
  tools: Record<string, string>;
  prepare?: { run: string[]; outputs: string[]; versionFile?: string; inputs?: string[] };
  build: Partial<Record<Arch, BuildRecipe>>;
  boot: Partial<Record<Arch, BootRecipe>>;
  examples?: { file: string; title: string }[];
}

/** A loaded, validated pack. */
export interface Pack {
  manifest: PackManifest;
  /** Absolute path of the pack's folder. */
  dir: string;
  /** sha256 over the pack's files and bootbook.h: changes when anything the build reads changes. */
  hash: string;
  /** Set when notebook overlays are written over the pack (packs/overlay.ts): `dir` is then a cached copy. */
  overlay?: { baseDir: string; baseHash: string; files: { path: string; sha256: string }[] };
}

/** A pack that failed to load: file, field and reason. */
export interface PackProblem {
  file: string;
  field: string;
  reason: string;
}
