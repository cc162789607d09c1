// Atomic file replacement: write a temporary file in the same folder, flush it,
// then rename it over the target. rename(2) within one filesystem is atomic, so a
// reader (or a crash) sees the old file or the new one, never half of either.
// The temporary name starts with a dot, so listings never show it.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  // Keep the permissions of the file being replaced (a 0600 notebook stays private).
  // A new file gets the default mode with the umask applied, like any other new file.
  const mode = await stat(target).then((s) => s.mode & 0o7777).catch(() => undefined);
  const tmp = join(dirname(target), `.~${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode ?? 0o666);
  try {
    try {
      await fh.writeFile(data);
      if (mode !== undefined) await fh.chmod(mode); // open() applied the umask; the replaced file's mode wins
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
