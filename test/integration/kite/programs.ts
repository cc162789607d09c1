// Test programs for kite: those that are also in-guest tests of the pack are read
// from kernels/kite/tests (one copy); the others live in ./programs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../server/src/engine/paths.js';

const here = join(repoRoot, 'test/integration/kite/programs');
const inGuest = join(repoRoot, 'kernels/kite/tests');
const IN_GUEST: Record<string, string> = {
  'malloc.c': 'malloc.c',
  'threads.c': 'locks.c',
  'pin.c': 'pin-sleep.c',
  'interleave.c': 'rr-interleaves.c',
  'printf.c': 'printf.c',
  'timer.c': 'timer-rate.c',
  'overflow.c': 'stack-overflow.c',
};

export function kiteProgram(name: string) {
  const file = IN_GUEST[name] ? join(inGuest, IN_GUEST[name]!) : join(here, name);
  return { text: readFileSync(file, 'utf8'), displayName: name };
}
