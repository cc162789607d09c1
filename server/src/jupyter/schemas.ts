// Request bodies are checked against JSON schemas before a handler sees them:
// the schema both validates and (through BodySchema<T>) types the handler's body.
// Failures are 400s whose message names the field ("kernel.name must be string"),
// so a client author can fix the request without reading our code.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { badRequest } from './errors.js';

const ajv = new Ajv({ allErrors: true, strict: false });

export interface BodySchema<T> {
  /** Returns the body typed, or throws a 400 ApiError naming the bad fields. */
  check(data: unknown): T;
}

export interface BodyOptions {
  /** What the message calls the checked value ("body", "notebook file"). */
  what?: string;
  /** An empty body stands for `{}` (Jupyter clients often send none). */
  optional?: boolean;
}

export function bodySchema<T>(schema: object, opts: BodyOptions = {}): BodySchema<T> {
  let validate: ValidateFunction | undefined;
  return {
    check(data: unknown): T {
      validate ??= ajv.compile(schema);
      if (data === undefined && !opts.optional) throw badRequest(`Invalid ${opts.what ?? 'body'}: a JSON body is required`);
      const value = data === undefined ? {} : data;
      if (validate(value)) return value as T;
      throw badRequest(`Invalid ${opts.what ?? 'body'}: ${describeErrors(validate.errors ?? [])}`);
    },
  };
}

/** `/content/cells/0/source` -> `content.cells[0].source`. */
function fieldName(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const raw of parts) {
    const p = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  }
  return out || 'body';
}

function describe(e: ErrorObject): string | undefined {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if': // the "then" branch reports the real problem
      return undefined;
    case 'required':
      return `missing field "${fieldName(e.instancePath, String(params.missingProperty))}"`;
    case 'additionalProperties':
      return `unknown field "${fieldName(e.instancePath, String(params.additionalProperty))}"`;
    case 'enum':
      return `${fieldName(e.instancePath)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${fieldName(e.instancePath)} must be ${JSON.stringify(params.allowedValue)}`;
    case 'type':
      return `${fieldName(e.instancePath)} must be ${String(params.type).split(',').join(' or ')}`;
    default:
      return `${fieldName(e.instancePath)} ${e.message ?? e.keyword}`;
  }
}

export function describeErrors(errors: ErrorObject[]): string {
  const lines = [...new Set(errors.map(describe).filter((s): s is string => s !== undefined))];
  const shown = lines.slice(0, 3).join('; ');
  return lines.length > 3 ? `${shown}; and ${lines.length - 3} more` : shown;
}
