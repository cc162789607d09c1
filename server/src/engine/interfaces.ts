// Interfaces a program needs, from the headers it includes. A pack declares the
// interfaces it provides (bootbook/1, posix, kite/1); a program that includes a
// header of an interface its target lacks is refused before the build, with the
// targets that do have it, instead of failing with a compiler error.
import { BootbookError } from './errors.js';
import type { Pack } from './packs/types.js';

/** Header (or folder prefix ending in /) -> the interface that provides it. */
const HEADER_INTERFACES: readonly [string, string][] = [
  ['bootbook.h', 'bootbook/1'],
  ['kite.h', 'kite/1'],
  ['kite/', 'kite/1'],
  ['unistd.h', 'posix'],
  ['pthread.h', 'posix'],
  ['fcntl.h', 'posix'],
  ['signal.h', 'posix'],
  ['sched.h', 'posix'],
  ['semaphore.h', 'posix'],
  ['dirent.h', 'posix'],
  ['poll.h', 'posix'],
  ['termios.h', 'posix'],
  ['spawn.h', 'posix'],
  ['dlfcn.h', 'posix'],
  ['sys/', 'posix'],
  ['netinet/', 'posix'],
  ['arpa/', 'posix'],
  ['linux/', 'posix'],
];

export function interfaceOf(header: string): string | undefined {
  return HEADER_INTERFACES.find(([h]) => (h.endsWith('/') ? header.startsWith(h) : header === h))?.[1];
}

/** `#include <x>` headers of a program, with their line numbers; comments are not parsed deeply. */
export function includedHeaders(source: string): { header: string; line: number }[] {
  const out: { header: string; line: number }[] = [];
  source.split('\n').forEach((text, i) => {
    const m = /^\s*#\s*include\s*[<"]([^>"]+)[>"]/.exec(text);
    if (m) out.push({ header: m[1]!, line: i + 1 });
  });
  return out;
}

export function checkInterfaces(source: string, displayName: string, pack: Pack, packs: ReadonlyMap<string, Pack>): void {
  const provided = pack.manifest.interfaces;
  for (const { header, line } of includedHeaders(source)) {
    const needed = interfaceOf(header);
    if (!needed || provided.includes(needed)) continue;
    const others = [...packs.values()].filter((p) => p.manifest.interfaces.includes(needed)).map((p) => p.manifest.name);
    throw new BootbookError(
      'missing-interface',
      `${displayName}:${line}: <${header}> needs the ${needed} interface, which ${pack.manifest.name} does not provide; ` +
        (others.length ? `targets that have it: ${others.join(', ')}` : 'no installed target has it'),
    );
  }
}
