// The `bootbook` command as users type it: run (human and --json), packs, doctor,
// and the messages for bad input. Spawns the real bin/bootbook.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cacheDir, programsDir } from '../helpers.js';
import { kernelsDir, repoRoot } from '../../../server/src/engine/paths.js';

function bootbook(...args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/bootbook.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, BOOTBOOK_CACHE: cacheDir },
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bootbook command line', { concurrency: 1 }, () => {
  test('run --json prints one record per line with the fields of the design', () => {
    const r = bootbook('run', join(programsDir, 'metric.c'), '--target', 'linux', '--repeat', '2', '--json');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    for (const line of lines) {
      const rec = JSON.parse(line);
      for (const field of ['id', 'target', 'params', 'repeat', 'status', 'exitCode', 'metrics', 'console', 'consoleTruncated', 'diagnostics', 'timings', 'image', 'runner', 'provenance'])
        assert.ok(field in rec, `record has ${field}`);
      assert.equal(rec.status, 'ok');
      assert.deepEqual(Object.keys(rec.target).sort(), ['arch', 'options', 'pack', 'version']);
      assert.ok(rec.metrics.some((m: { name: string; value: number }) => m.name === 'answer' && m.value === 42));
    }
  });

  test('run --overlay PACK:PATH=FILE builds with the file (as a %%file cell), records it, refuses host files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootbook-overlay-cli-'));
    try {
      const sched = readFileSync(join(kernelsDir, 'kite', 'src', 'sched', 'sched.c'), 'utf8') + '\nint cli_marker(void) { return 11; }\n';
      writeFileSync(join(dir, 'sched.c'), sched);
      writeFileSync(join(dir, 'm.c'), '#include <bootbook.h>\nint cli_marker(void) __attribute__((weak));\nint main(void) { bb_metric("m", cli_marker ? cli_marker() : -1, ""); return 0; }\n');
      const r = bootbook('run', join(dir, 'm.c'), '--target', 'kite', '--overlay', `kite:src/sched/sched.c=${join(dir, 'sched.c')}`, '--json');
      assert.equal(r.code, 0, r.stderr);
      const rec = JSON.parse(r.stdout.trim().split('\n')[0]!);
      assert.deepEqual(rec.metrics.map((m: { name: string; value: number }) => [m.name, m.value]), [['m', 11]]);
      assert.deepEqual(rec.target.overlays.map((o: { path: string }) => o.path), ['src/sched/sched.c']);
      const plain = bootbook('run', join(dir, 'm.c'), '--target', 'kite', '--json');
      assert.equal(JSON.parse(plain.stdout.trim())['metrics'][0].value, -1, 'without --overlay the pack is unchanged');
      const bad = bootbook('run', join(dir, 'm.c'), '--target', 'kite', '--overlay', `kite:Makefile=${join(dir, 'm.c')}`);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /kite:Makefile cannot be overlaid: only source files compiled into the kernel/);
      const malformed = bootbook('run', join(dir, 'm.c'), '--target', 'kite', '--overlay', 'kite-sched.c');
      assert.equal(malformed.code, 2);
      assert.match(malformed.stderr, /write it as PACK:PATH=FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('run prints the console, a status line and a metrics table', () => {
    const r = bootbook('run', join(programsDir, 'metric.c'), '--target', 'linux', '--param', 'n=5');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hello from the guest/);
    assert.match(r.stdout, /metric\.c on linux \(x86_64\) · ok · exit 0 · build .* · boot \d+ ms/);
    assert.match(r.stdout, /│ answer\s+│\s+42 │/);
  });

  test('a failing program makes the command exit 1 and says why', () => {
    const r = bootbook('run', join(programsDir, 'exit3.c'), '--target', 'linux', '--quiet');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAILED · exit 3/);
  });

  test('a compile error is printed with the file and line', () => {
    const r = bootbook('run', join(programsDir, 'compile-error.c'), '--target', 'linux');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /compile-error\.c:5:\d+: error: .*undeclared_variable/);
  });

  test('an unreadable source file and an unknown target get clear messages', () => {
    const missing = bootbook('run', '/nonexistent/prog.c', '--target', 'linux');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/nonexistent\/prog\.c: no such file/);
    const folder = bootbook('run', programsDir, '--target', 'linux');
    assert.match(folder.stderr, /it is a folder/);
    const target = bootbook('run', join(programsDir, 'metric.c'), '--target', 'plan9');
    assert.equal(target.code, 2);
    assert.match(target.stderr, /unknown target "plan9"; valid targets: .*linux/);
  });

  test('packs list and packs info describe the linux pack', () => {
    const list = bootbook('packs', 'list');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /linux\s+│ 6\.1/);
    const info = bootbook('packs', 'info', 'linux', '--json');
    assert.equal(JSON.parse(info.stdout).options.cpus.max, 8);
    const human = bootbook('packs', 'info', 'linux');
    assert.match(human.stdout, /mem\s+│ size\s+│ 256M\s+│ a size from 128M to 4G/);
  });

  test('doctor lists each tool with its status, version and package', () => {
    const r = bootbook('doctor', '--json');
    const report = JSON.parse(r.stdout);
    const qemu = report.tools.find((t: { command: string }) => t.command === 'qemu-system-x86_64');
    assert.equal(qemu.debianPackage, 'qemu-system-x86');
    assert.match(qemu.version, /QEMU emulator version/);
    assert.equal(r.code, report.missing.length ? 1 : 0);
  });
});
