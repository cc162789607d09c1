// `bootbook demo`: the first example of every bundled pack on each of its
// architectures: a quick way to see every target work end to end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram, sourceFromText } from '../engine/run.js';
import { packsOrWarn } from './context.js';
import { formatRuns } from './format.js';

export async function demoCommand(): Promise<void> {
  let failures = 0;
  for (const pack of packsOrWarn().values()) {
    const example = pack.manifest.examples?.[0];
    if (!example) continue;
    for (const arch of pack.manifest.architectures) {
      const file = join(pack.dir, example.file);
      const records = await runProgram(new Map([[pack.manifest.name, pack]]), {
        source: sourceFromText(readFileSync(file, 'utf8'), file),
        target: { pack: pack.manifest.name, arch },
      });
      process.stdout.write(formatRuns(records, `${example.title} (${example.file}) on ${pack.manifest.name} (${arch})`, true) + '\n\n');
      failures += records.filter((r) => r.status !== 'ok').length;
    }
  }
  process.exitCode = failures ? 1 : 0;
}
