// The conformance suite: portable programs that use only bootbook.h, in
// kernels/conformance/, that every pack must pass on each architecture it
// claims. They check the contract of docs/guest-protocol.md end to end:
// the console is captured, metrics and parameters arrive, exit statuses pass
// through (0 and non-zero), the cycle counter is monotonic (and counts
// instructions under icount), a fault is reported as a crash, a hang becomes
// a timeout. `bootbook packs test NAME` runs them before the pack's own tests.
import { join } from 'node:path';
import { kernelsDir } from '../paths.js';
import { listTestsIn, loadTestsIn, type PackTest } from './selftest.js';

export const conformanceDir = join(kernelsDir, 'conformance');

/** The names of the conformance tests, sorted. */
export function listConformanceTests(): string[] {
  return listTestsIn(conformanceDir);
}

/** Every conformance test, read and checked against kernels/pack-test.schema.json. */
export function loadConformanceTests(): PackTest[] {
  return loadTestsIn(conformanceDir, 'conformance');
}
