// Option values: parsing, range checks and the messages users see when a value
// is wrong. Every message names the option and says what is valid.
import { BootbookError } from '../errors.js';
import type { Arch, OptionSpec, Pack } from './types.js';

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "256M" -> bytes; plain numbers are bytes. Returns undefined when unparsable. */
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 0 ? text : undefined;
  const m = /^(\d+)\s*([KMGT]?)(i?B)?$/i.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!;
}

/** bytes -> the shortest exact "NNNM"-style text. */
export function formatSize(bytes: number): string {
  for (const unit of ['T', 'G', 'M', 'K'] as const) {
    const f = SIZE_UNITS[unit]!;
    if (bytes >= f && bytes % f === 0) return `${bytes / f}${unit}`;
  }
  return String(bytes);
}

function parseInteger(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isInteger(text) ? text : undefined;
  return /^-?\d+$/.test(text.trim()) ? Number(text) : undefined;
}

/** What a valid value looks like, for messages and `packs info`. */
export function describeRange(spec: OptionSpec): string {
  switch (spec.type) {
    case 'integer':
    case 'size': {
      const lo = spec.min ?? '-inf';
      const hi = spec.max ?? 'inf';
      return `${spec.type === 'size' ? 'a size' : 'an integer'} from ${lo} to ${hi}${spec.unit && spec.type === 'integer' ? ` (${spec.unit})` : ''}`;
    }
    case 'enum':
      return `one of ${(spec.values ?? []).join(', ')}`;
    case 'string':
      return spec.pattern ? `text matching ${spec.pattern}` : 'any text';
  }
}

/**
 * Check one value against its spec and return its normal form (sizes as "256M",
 * integers as digits). Throws a BootbookError that names option and range.
 */
export function normalizeOption(pack: string, name: string, spec: OptionSpec, raw: string | number): string {
  const bad = (why: string) =>
    new BootbookError('bad-option-value', `option ${name}=${raw} for ${pack}: ${why}; valid: ${describeRange(spec)}`);
  switch (spec.type) {
    case 'integer': {
      const v = parseInteger(raw);
      if (v === undefined) throw bad('not an integer');
      const lo = spec.min === undefined ? undefined : parseInteger(spec.min);
      const hi = spec.max === undefined ? undefined : parseInteger(spec.max);
      if ((lo !== undefined && v < lo) || (hi !== undefined && v > hi)) throw bad('out of range');
      return String(v);
    }
    case 'size': {
      const v = parseSize(raw);
      if (v === undefined) throw bad('not a size (use e.g. 512M or 2G)');
      const lo = spec.min === undefined ? undefined : parseSize(spec.min);
      const hi = spec.max === undefined ? undefined : parseSize(spec.max);
      if ((lo !== undefined && v < lo) || (hi !== undefined && v > hi)) throw bad('out of range');
      return formatSize(v);
    }
    case 'enum': {
      const v = (spec.values ?? []).find((x) => String(x) === String(raw));
      if (v === undefined) throw bad('not an allowed value');
      return String(v);
    }
    case 'string': {
      const v = String(raw);
      if (spec.pattern && !new RegExp(spec.pattern).test(v)) throw bad('contains characters that are not allowed');
      return v;
    }
  }
}

/** Problems with an option declaration itself (for pack validation). */
export function checkOptionSpec(spec: OptionSpec): string[] {
  const problems: string[] = [];
  if (spec.type === 'enum' && !spec.values?.length) problems.push('an enum option needs "values"');
  if (spec.type !== 'enum' && spec.values) problems.push('"values" is only for enum options');
  if ((spec.type === 'enum' || spec.type === 'string') && (spec.min !== undefined || spec.max !== undefined))
    problems.push('"min"/"max" are only for integer and size options');
  if (spec.type === 'integer') {
    for (const k of ['min', 'max'] as const)
      if (spec[k] !== undefined && parseInteger(spec[k]!) === undefined) problems.push(`"${k}" must be an integer`);
  }
  if (spec.type === 'size') {
    for (const k of ['min', 'max'] as const)
      if (spec[k] !== undefined && parseSize(spec[k]!) === undefined) problems.push(`"${k}" must be a size like 128M`);
  }
  if (spec.pattern) {
    try {
      new RegExp(spec.pattern);
    } catch {
      problems.push('"pattern" is not a valid regular expression');
    }
  }
  if (problems.length === 0) {
    try {
      normalizeOption('pack', 'default', spec, spec.default);
    } catch (e) {
      problems.push(`the default ${JSON.stringify(spec.default)} is not valid: ${describeRange(spec)}`);
    }
  }
  return problems;
}

/**
 * Resolve user-given option values (k=v) against a pack and an architecture:
 * defaults filled in, unknown names refused, and options the architecture does
 * not support refused with that reason (and left out of the result).
 */
export function resolveOptions(pack: Pack, given: Readonly<Record<string, string>>, arch?: Arch): Record<string, string> {
  const specs = pack.manifest.options;
  const supported = (spec: OptionSpec) => !arch || !spec.architectures || spec.architectures.includes(arch);
  const out: Record<string, string> = {};
  for (const name of Object.keys(given)) {
    const spec = specs[name];
    if (!spec) {
      const valid = Object.keys(specs).filter((n) => supported(specs[n]!));
      throw new BootbookError(
        'unknown-option',
        `unknown option "${name}" for ${pack.manifest.name}; valid options: ${valid.length ? valid.join(', ') : '(none)'}`,
      );
    }
    if (!supported(spec)) {
      throw new BootbookError(
        'unknown-option',
        `option "${name}" is not supported by ${pack.manifest.name} on ${arch}; it is available on ${spec.architectures!.join(', ')}`,
      );
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (!supported(spec)) continue;
    out[name] = normalizeOption(pack.manifest.name, name, spec, given[name] ?? spec.default);
  }
  return out;
}
