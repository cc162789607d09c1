// A target is a pack + an architecture + option values. Resolving one turns
// what the user typed into a checked target, or an error listing what is valid.
import { BootbookError } from './errors.js';
import { resolveOptions } from './packs/options.js';
import type { Arch, Pack } from './packs/types.js';

export interface Target {
  pack: Pack;
  arch: Arch;
  /** Every option of the pack, normalized, defaults filled in. */
  options: Record<string, string>;
}

export interface TargetRequest {
  pack: string;
  arch?: string;
  options?: Record<string, string>;
}

export function resolveTarget(packs: ReadonlyMap<string, Pack>, req: TargetRequest): Target {
  const pack = packs.get(req.pack);
  if (!pack) {
    const valid = [...packs.keys()].sort();
    throw new BootbookError('unknown-target', `unknown target "${req.pack}"; valid targets: ${valid.join(', ') || '(no packs loaded)'}`);
  }
  const arches = pack.manifest.architectures;
  // `arch=...` may be written among the options, as in `%target kite arch=riscv64 cpus=1`.
  const { arch: archOption, ...options } = req.options ?? {};
  if (archOption !== undefined && req.arch !== undefined && archOption !== req.arch) {
    throw new BootbookError('bad-usage', `two architectures given: ${req.arch} and arch=${archOption}`);
  }
  const arch = (req.arch ?? archOption ?? arches[0]) as Arch;
  if (!arches.includes(arch)) {
    throw new BootbookError('unknown-arch', `${pack.manifest.name} has no architecture "${arch}"; valid: ${arches.join(', ')}`);
  }
  return { pack, arch, options: resolveOptions(pack, options, arch) };
}

/** Parse repeated `k=v` flags into a record; `what` names them in errors ("option", "parameter"). */
export function parseAssignments(items: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    if (!name) throw new BootbookError('bad-usage', `${what} "${item}" must be written name=value`);
    out[name] = item.slice(eq + 1).trim();
  }
  return out;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parameters are integers read by bb_param(); names go on the kernel command line. */
export function checkParams(params: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!PARAM_NAME.test(name)) {
      throw new BootbookError('bad-param', `parameter name "${name}" is not valid; use letters, digits and _ (not starting with a digit)`);
    }
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new BootbookError('bad-param', `parameter ${name}=${value} is not an integer; bb_param() reads whole numbers (a C long)`);
    }
    out[name] = Number(value);
  }
  return out;
}
