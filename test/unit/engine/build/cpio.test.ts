// The initramfs writer, checked against the real cpio tool and by hand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S_IFCHR, S_IFDIR, S_IFREG, initramfs, writeCpio } from '../../../../server/src/engine/build/cpio.js';

const INIT = Buffer.from('#!/bin/sh\necho hello from init\n'); // 31 bytes: exercises the data padding
const DATA = Buffer.from([0, 1, 2, 3, 255, 254]);

const files = () =>
  new Map<string, Buffer>([
    ['/usr/lib/bootbook/data.bin', DATA],
    ['/init', INIT],
  ]);

let dir: string;
let archive: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'bb-'));
  archive = join(dir, 'initramfs.cpio');
  writeFileSync(archive, initramfs(files()));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function cpio(args: string[], cwd = dir): string {
  const r = spawnSync('cpio', args, { cwd, input: readFileSync(archive), encoding: 'utf8' });
  assert.equal(r.status, 0, `cpio ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The fields of one newc header at offset (all hex except the magic). */
function parseHeader(buf: Buffer, offset: number) {
  const text = buf.toString('ascii', offset, offset + 110);
  const names = ['ino', 'mode', 'uid', 'gid', 'nlink', 'mtime', 'filesize', 'devmajor', 'devminor', 'rdevmajor', 'rdevminor', 'namesize', 'check'] as const;
  const fields = Object.fromEntries(names.map((n, i) => [n, parseInt(text.slice(6 + 8 * i, 14 + 8 * i), 16)])) as Record<(typeof names)[number], number>;
  const name = buf.toString('ascii', offset + 110, offset + 110 + fields.namesize - 1);
  return { magic: text.slice(0, 6), ...fields, name, terminator: buf[offset + 110 + fields.namesize - 1] };
}

describe('initramfs', () => {
  test('cpio -it lists parents before children, dev/console, proc and the files', () => {
    assert.deepEqual(cpio(['-it', '--quiet']).trim().split('\n'), [
      'dev',
      'proc',
      'usr',
      'usr/lib',
      'usr/lib/bootbook',
      'dev/console',
      'init',
      'usr/lib/bootbook/data.bin',
    ]);
  });

  test('cpio -itv shows the types, owners, modes and the console device 5,1', () => {
    const lines = cpio(['-itv', '--quiet']).trim().split('\n');
    const byName = new Map(lines.map((l) => [l.split(/\s+/).at(-1)!, l]));
    for (const d of ['dev', 'proc', 'usr', 'usr/lib', 'usr/lib/bootbook']) {
      assert.match(byName.get(d)!, /^drwxr-xr-x\s+2\s+root\s+root\s+0\s/, d);
    }
    assert.match(byName.get('dev/console')!, /^crw-------\s+1\s+root\s+root\s+5,\s+1\s/);
    assert.match(byName.get('init')!, new RegExp(`^-rwxr-xr-x\\s+1\\s+root\\s+root\\s+${INIT.length}\\s`));
    assert.match(byName.get('usr/lib/bootbook/data.bin')!, new RegExp(`^-rwxr-xr-x\\s+1\\s+root\\s+root\\s+${DATA.length}\\s`));
    // mtime 0: the epoch, whatever the local time zone makes of it
    assert.match(byName.get('init')!, /19(69|70)/);
  });

  test('cpio extracts the files with their exact bytes', () => {
    const out = join(dir, 'extract');
    mkdirSync(out);
    cpio(['-id', '--quiet', 'init', 'usr/lib/bootbook/data.bin'], out);
    assert.deepEqual(readFileSync(join(out, 'init')), INIT);
    assert.deepEqual(readFileSync(join(out, 'usr/lib/bootbook/data.bin')), DATA);
    assert.equal(statSync(join(out, 'init')).mode & 0o777, 0o755);
  });

  test('the same inputs give the same bytes', () => {
    const a = initramfs(files());
    const reversed = new Map([...files()].reverse());
    assert.deepEqual(initramfs(files()), a);
    assert.deepEqual(initramfs(reversed), a, 'insertion order must not matter');
    assert.notDeepEqual(initramfs(new Map([['/init', Buffer.from('other')]])), a);
  });

  test('the first header, read by hand', () => {
    const buf = readFileSync(archive);
    const h = parseHeader(buf, 0);
    assert.deepEqual(h, {
      magic: '070701',
      ino: 1,
      mode: S_IFDIR | 0o755,
      uid: 0,
      gid: 0,
      nlink: 2,
      mtime: 0,
      filesize: 0,
      devmajor: 0,
      devminor: 0,
      rdevmajor: 0,
      rdevminor: 0,
      namesize: 4,
      check: 0,
      name: 'dev',
      terminator: 0,
    });
  });

  test('walking every header by hand: 4-byte alignment, device numbers, data and the trailer', () => {
    const buf = readFileSync(archive);
    const seen: ReturnType<typeof parseHeader>[] = [];
    let at = 0;
    for (;;) {
      assert.equal(at % 4, 0);
      const h = parseHeader(buf, at);
      assert.equal(h.magic, '070701', `header at ${at}`);
      seen.push(h);
      at += 110 + h.namesize;
      at += (4 - (at % 4)) % 4;
      if (h.name === 'TRAILER!!!') break;
      if (h.name === 'init') assert.deepEqual(buf.subarray(at, at + h.filesize), INIT);
      at += h.filesize;
      at += (4 - (at % 4)) % 4;
    }
    assert.equal(at, buf.length, 'nothing after the trailer');
    const console = seen.find((h) => h.name === 'dev/console')!;
    assert.equal(console.mode, S_IFCHR | 0o600);
    assert.deepEqual([console.rdevmajor, console.rdevminor], [5, 1]);
    assert.equal(seen.find((h) => h.name === 'init')!.mode, S_IFREG | 0o755);
    const trailer = seen.at(-1)!;
    assert.deepEqual([trailer.ino, trailer.mode, trailer.filesize], [0, 0, 0]);
    const inodes = seen.slice(0, -1).map((h) => h.ino);
    assert.equal(new Set(inodes).size, inodes.length, 'inode numbers are distinct');
  });
});

describe('writeCpio', () => {
  test('an empty archive is just the trailer', () => {
    const buf = writeCpio([]);
    assert.equal(buf.length, 124); // 110 + "TRAILER!!!\0" (11) padded to 4
    assert.deepEqual(parseHeader(buf, 0).name, 'TRAILER!!!');
  });
});
