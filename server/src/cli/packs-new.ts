// `bootbook packs new NAME [--arch A,B] [--dir DIR]`: scaffold a pack from bare
// (engine/packs/scaffold.ts) and say how to try it.
import { resolve } from 'node:path';
import { defaultSearchPath } from '../engine/packs/load.js';
import { parseArchList, scaffoldPack } from '../engine/packs/scaffold.js';
import { packsOrWarn } from './context.js';

export function packsNewCommand(name: string, flags: { arch?: string; dir?: string }): void {
  const packs = packsOrWarn();
  const parentDir = resolve(flags.dir ?? '.');
  const arches = flags.arch !== undefined ? parseArchList(flags.arch) : undefined;
  const made = scaffoldPack({ name, arches, parentDir, packs });
  const onPath = defaultSearchPath().some((p) => resolve(p) === parentDir);
  const env = onPath ? '' : `BOOTBOOK_PACK_PATH=${parentDir} `;
  process.stdout.write(
    [
      `created pack ${name} in ${made.dir} (${made.arches.join(', ')}), from the bare pack`,
      'next:',
      `  ${env}bootbook packs test ${name}`,
      `  ${env}bootbook run ${made.dir}/examples/hello.c --target ${name}`,
      onPath ? '' : `  (bootbook finds packs in the folders of $BOOTBOOK_PACK_PATH; add ${parentDir} to it)`,
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
}
