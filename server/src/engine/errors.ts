// One registry of coded errors. A BootbookError is a user-facing failure with a
// message that says what was wrong and what is valid; anything else is a bug.

export type ErrorCode =
  | 'unknown-target'
  | 'unknown-arch'
  | 'unknown-option'
  | 'bad-option-value'
  | 'bad-param'
  | 'bad-source'
  | 'missing-tool'
  | 'invalid-pack'
  | 'prepare-failed'
  | 'bad-usage'
  | 'cancelled'
  | 'not-found'
  | 'missing-interface'
  | 'untrusted-pack'
  | 'bad-overlay';

export class BootbookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'BootbookError';
  }
}

export function isBootbookError(e: unknown): e is BootbookError {
  return e instanceof BootbookError;
}
