// Coded errors of the Jupyter server, and the one place that turns any thrown
// value into an HTTP status and a Jupyter error body ({message, reason}).
// Domain objects (contents, sessions) throw ApiError with a kind, never a status,
// so they stay free of HTTP; bugs (anything else) become a generic 500 whose
// details go to the log only.
import { isBootbookError, type ErrorCode } from '../engine/errors.js';

export type ApiErrorKind = 'bad-request' | 'forbidden' | 'not-found' | 'not-allowed' | 'conflict' | 'too-large' | 'unavailable';

const STATUS: Record<ApiErrorKind, number> = {
  'bad-request': 400,
  forbidden: 403,
  'not-found': 404,
  'not-allowed': 405,
  conflict: 409,
  'too-large': 413,
  unavailable: 503,
};

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string) => new ApiError('bad-request', message);
export const forbidden = (message: string) => new ApiError('forbidden', message);
export const notFound = (message: string) => new ApiError('not-found', message);
export const conflict = (message: string) => new ApiError('conflict', message);

// Engine errors are user-facing: bad input is a 400; a server-side condition the
// user can fix (a missing tool, a broken pack) conflicts with the request: 409.
// Codes added later default to 400, so a new code never becomes a 500.
const BOOTBOOK_STATUS: Partial<Record<ErrorCode, number>> = {
  'missing-tool': 409,
  'invalid-pack': 409,
  'prepare-failed': 409,
  cancelled: 409,
};

export interface ErrorReply {
  status: number;
  body: { message: string; reason: string | null };
  /** Set for 500s: what the log should get (never sent). */
  internal?: unknown;
}

/** Duck-typed too, so a BootbookError from a second copy of the module still maps. */
function bootbookLike(e: unknown): e is { code: ErrorCode; message: string; hint?: string } {
  if (isBootbookError(e)) return true;
  const o = e as { name?: unknown; code?: unknown; message?: unknown } | null;
  return typeof o === 'object' && o !== null && o.name === 'BootbookError' && typeof o.code === 'string' && typeof o.message === 'string';
}

export function toErrorReply(e: unknown): ErrorReply {
  if (e instanceof ApiError) return { status: STATUS[e.kind], body: { message: e.message, reason: null } };
  if (bootbookLike(e)) {
    const message = e.hint ? `${e.message}\n${e.hint}` : e.message;
    return { status: BOOTBOOK_STATUS[e.code] ?? 400, body: { message, reason: e.code } };
  }
  return { status: 500, body: { message: 'Internal server error (details are in the server log).', reason: null }, internal: e };
}
