// Planning a sweep: the product of its axes (parameters, `target`, `arch` and
// target options such as hz=0,100,1000), checked against the packs before any
// work starts. An axis that does not apply to a target (kite's hz on linux) is
// an error that says so, unless the user asked for skip-missing: then that
// target runs without the axis (once, not once per value) and its coordinate is
// null. Points are deduplicated by what actually runs, and grouped by build
// input so each distinct image is built once.
import { createHash } from 'node:crypto';
import { buildOptions } from '../build/cache.js';
import { BootbookError } from '../errors.js';
import type { Pack } from '../packs/types.js';
import { checkParams, resolveTarget, type Target, type TargetRequest } from '../target.js';

export interface SweepAxis {
  name: string;
  values: string[];
}

export type AxisKind = 'target' | 'arch' | 'option' | 'param';

export interface SweepPoint {
  index: number;
  /** What runs, in canonical form: the identity used to resume a sweep. */
  key: string;
  /** The value of every axis at this point; null where the axis was skipped for this target. */
  coords: Record<string, string | null>;
  target: Target;
  params: Record<string, number>;
  /** Points with the same build key share one image. */
  buildKey: string;
}

export interface SweepPlan {
  axes: (SweepAxis & { kind: AxisKind })[];
  points: SweepPoint[];
  /** One line per axis skipped for some target (skip-missing), for the summary. */
  skipped: string[];
  /** Distinct images the sweep needs. */
  builds: number;
}

export interface PlanRequest {
  /** The cell's (or command line's) target; the `target` axis replaces its pack. */
  base: TargetRequest;
  params: Record<string, string>;
  axes: SweepAxis[];
  skipMissing?: boolean;
  repeat: number;
}

/** More runs than this is almost certainly a typo in a range. */
export const MAX_SWEEP_RUNS = 20_000;

/** `k=v1,v2,...` tokens (as written after %sweep or --sweep) -> axes; `skip-missing` is a flag. */
export function parseAxes(tokens: readonly string[], fail: (why: string) => never): { axes: SweepAxis[]; skipMissing: boolean } {
  const axes: SweepAxis[] = [];
  let skipMissing = false;
  for (const token of tokens) {
    if (token === 'skip-missing') {
      skipMissing = true;
      continue;
    }
    const eq = token.indexOf('=');
    if (eq <= 0) fail(`sweep axis "${token}" must be written name=v1,v2,... (or the flag skip-missing)`);
    const name = token.slice(0, eq);
    const values = token.slice(eq + 1).split(',').map((v) => v.trim());
    if (values.some((v) => v === '')) fail(`sweep axis ${name} has an empty value: ${token}`);
    if (new Set(values).size !== values.length) fail(`sweep axis ${name} lists a value twice: ${token}`);
    if (axes.some((a) => a.name === name)) fail(`sweep axis ${name} is given twice`);
    axes.push({ name, values });
  }
  return { axes, skipMissing };
}

function axisKind(name: string, packs: readonly Pack[]): AxisKind {
  if (name === 'target' || name === 'arch') return name;
  return packs.some((p) => name in p.manifest.options) ? 'option' : 'param';
}

function applies(pack: Pack, arch: string, option: string): boolean {
  const spec = pack.manifest.options[option];
  return !!spec && (!spec.architectures || spec.architectures.includes(arch as never));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function planSweep(allPacks: ReadonlyMap<string, Pack>, req: PlanRequest): SweepPlan {
  const targetAxis = req.axes.find((a) => a.name === 'target');
  const packNames = targetAxis?.values ?? [req.base.pack];
  const packs = packNames.map((name) => {
    const p = allPacks.get(name);
    if (!p) throw new BootbookError('unknown-target', `sweep axis target: unknown target "${name}"; valid targets: ${[...allPacks.keys()].sort().join(', ')}`);
    return p;
  });
  const axes = req.axes.map((a) => ({ ...a, kind: axisKind(a.name, packs) }));
  for (const a of axes) {
    if (a.kind === 'param') {
      if (a.name in req.params) throw new BootbookError('bad-usage', `parameter ${a.name} is both swept and set by %param/--param; keep one`);
      for (const v of a.values) checkParams({ [a.name]: v });
    }
    if (a.kind === 'option' && req.base.options && a.name in req.base.options) throw new BootbookError('bad-usage', `option ${a.name} is both swept and set on the target; keep one`);
  }

  const points = new Map<string, SweepPoint>();
  const skipped = new Set<string>();
  const missing = (why: string, what: string) => {
    if (!req.skipMissing) throw new BootbookError('bad-usage', `${why}; add skip-missing to the sweep to run ${what}`);
    skipped.add(why);
  };
  const combos = axes.reduce<Record<string, string>[]>((acc, a) => acc.flatMap((c) => a.values.map((v) => ({ ...c, [a.name]: v }))), [{}]);
  if (combos.length * req.repeat > MAX_SWEEP_RUNS) throw new BootbookError('bad-usage', `the sweep has ${combos.length} points x ${req.repeat} repeats = ${combos.length * req.repeat} runs, more than ${MAX_SWEEP_RUNS}; sweep fewer values`);

  for (const combo of combos) {
    const pack = allPacks.get(combo.target ?? req.base.pack)!;
    const name = pack.manifest.name;
    const { arch: baseArchOpt, ...baseOptions } = req.base.options ?? {};
    const arch = combo.arch ?? req.base.arch ?? baseArchOpt ?? pack.manifest.architectures[0]!;
    const coords: Record<string, string | null> = { ...combo };
    if (!pack.manifest.architectures.includes(arch as never)) {
      missing(`${name} has no architecture ${arch} (it has ${pack.manifest.architectures.join(', ')})`, `${name} only on its architectures`);
      continue; // no such machine: the point does not exist
    }
    const options: Record<string, string> = {};
    // Options fixed on %target apply to the targets that have them.
    for (const [k, v] of Object.entries(baseOptions)) {
      if (applies(pack, arch, k)) options[k] = v;
      else missing(`option ${k} (set on the target) does not apply to ${name} (${arch})`, `${name} without it`);
    }
    for (const a of axes) {
      if (a.kind !== 'option') continue;
      if (applies(pack, arch, a.name)) options[a.name] = combo[a.name]!;
      else {
        missing(`sweep axis ${a.name} does not apply to ${name} (${arch}): ${name} has no option ${a.name}`, `${name} once, without ${a.name}`);
        coords[a.name] = null;
      }
    }
    const target = resolveTarget(allPacks, { pack: name, arch, options });
    const params = checkParams({ ...req.params, ...Object.fromEntries(axes.filter((a) => a.kind === 'param').map((a) => [a.name, combo[a.name]!])) });
    const sortedParams = Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
    const sortedOptions = Object.fromEntries(Object.entries(target.options).sort(([a], [b]) => a.localeCompare(b)));
    // An overlaid pack is other code: its runs are other runs (a resumed sweep must not mix them).
    const key = JSON.stringify({ pack: name, arch, options: sortedOptions, params: sortedParams, ...(pack.overlay ? { overlay: pack.hash } : {}) });
    if (points.has(key)) continue; // a skipped axis makes several combinations the same run
    const buildKey = hash(JSON.stringify({ pack: name, arch, build: Object.entries(buildOptions(pack, target.options)).sort() }));
    points.set(key, { index: points.size, key, coords, target, params, buildKey });
  }
  if (!points.size) throw new BootbookError('bad-usage', 'the sweep has no point that can run (every combination was skipped)');
  const list = [...points.values()];
  return { axes, points: list, skipped: [...skipped], builds: new Set(list.map((p) => p.buildKey)).size };
}

/** A sweep's identity for resuming: same program, same points, same settings. */
export function sweepKey(source: string, plan: SweepPlan, settings: { repeat: number; clock: string; timeoutS: number }): string {
  const material = { source: createHash('sha256').update(source).digest('hex'), points: plan.points.map((p) => p.key), ...settings };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}
