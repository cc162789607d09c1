// A newc ("070701") cpio archive writer: the initramfs the Linux kernel unpacks
// as its root file system. Entries are written with uid/gid 0 and mtime 0 so
// the same inputs always give the same bytes (and the same image hash).

export interface CpioEntry {
  path: string; // without leading slash: "init", "dev/console"
  mode: number; // full st_mode: type bits | permissions
  data?: Buffer;
  rdev?: { major: number; minor: number };
}

export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFCHR = 0o020000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function pad4(n: number): Buffer {
  return Buffer.alloc((4 - (n % 4)) % 4);
}

function header(ino: number, e: CpioEntry, nameSize: number, fileSize: number): string {
  return (
    '070701' +
    [ino, e.mode, 0, 0, e.mode & S_IFDIR ? 2 : 1, 0, fileSize, 0, 0, e.rdev?.major ?? 0, e.rdev?.minor ?? 0, nameSize, 0]
      .map(hex8)
      .join('')
  );
}

/** Serialize entries (parents must come before children) followed by the trailer. */
export function writeCpio(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  const all = [...entries, { path: 'TRAILER!!!', mode: 0 }];
  all.forEach((e, i) => {
    const name = Buffer.from(e.path + '\0');
    const data = e.data ?? Buffer.alloc(0);
    const head = Buffer.from(header(e.path === 'TRAILER!!!' ? 0 : i + 1, e, name.length, data.length), 'ascii');
    parts.push(head, name, pad4(head.length + name.length), data, pad4(data.length));
  });
  return Buffer.concat(parts);
}

/**
 * An initramfs from guest path -> file contents: adds the parent folders, /dev,
 * /dev/console (the init's stdin/stdout) and /proc (where the runtime mounts proc).
 */
export function initramfs(files: ReadonlyMap<string, Buffer>): Buffer {
  const dirs = new Set<string>(['dev', 'proc']);
  for (const path of files.keys()) {
    const parts = path.replace(/^\/+/, '').split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const entries: CpioEntry[] = [...dirs].sort().map((path) => ({ path, mode: S_IFDIR | 0o755 }));
  entries.push({ path: 'dev/console', mode: S_IFCHR | 0o600, rdev: { major: 5, minor: 1 } });
  for (const [path, data] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    entries.push({ path: path.replace(/^\/+/, ''), mode: S_IFREG | 0o755, data });
  }
  return writeCpio(entries);
}
