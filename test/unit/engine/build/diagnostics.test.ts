// Compiler diagnostics from the real gcc, mapped to the user's file and lines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic, parseGccDiagnostics, type Diagnostic } from '../../../../server/src/engine/build/diagnostics.js';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'bb-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Run gcc in dir with JSON diagnostics; returns its stderr (it must fail or warn). */
function gcc(args: string[]): { status: number | null; stderr: string } {
  // LC_ALL=C: plain ASCII quotes in messages, whatever the host's locale.
  const r = spawnSync('gcc', ['-fdiagnostics-format=json', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  assert.equal(r.error, undefined, String(r.error));
  return { status: r.status, stderr: r.stderr };
}

describe('parseGccDiagnostics with real gcc output', () => {
  const program = [
    '#include "helper.h"', // line 1
    'int main(void) {', // line 2
    '  int unused = 1;', // line 3: warning, column 7
    '  return missing;', // line 4: error, column 10
    '}',
    '',
  ].join('\n');

  test('an error and a warning map to the display name and the cell lines', () => {
    writeFileSync(join(dir, 'prog.c'), program);
    writeFileSync(join(dir, 'helper.h'), 'static inline int helper(void) { return 0; }\n');
    const { status, stderr } = gcc(['-Wall', '-c', 'prog.c', '-o', 'prog.o']);
    assert.notEqual(status, 0);
    const ds = parseGccDiagnostics(stderr, { compiledPath: 'prog.c', displayName: 'cell 3' });
    const error = ds.find((d) => d.severity === 'error');
    assert.ok(error, JSON.stringify(ds));
    assert.deepEqual(error, {
      severity: 'error',
      message: "'missing' undeclared (first use in this function)",
      file: 'cell 3',
      line: 4,
      column: 10,
      inProgram: true,
    });
    const warning = ds.find((d) => d.severity === 'warning');
    assert.deepEqual(warning, { severity: 'warning', message: "unused variable 'unused'", file: 'cell 3', line: 3, column: 7, inProgram: true });
    // gcc's "each undeclared identifier is reported only once" child note comes along
    const note = ds.find((d) => d.severity === 'note');
    assert.ok(note && note.inProgram && note.line === 4, JSON.stringify(ds));
    assert.equal(ds.indexOf(note), ds.indexOf(error) + 1, 'a child follows its parent');
  });

  test('a line offset moves program lines (a prologue was prepended) but not header lines', () => {
    writeFileSync(join(dir, 'wrapped.c'), '#include "broken.h"\n/* prologue */\nint main(void) { return nope; }\n');
    writeFileSync(join(dir, 'broken.h'), '/* a header */\nint f(void) { return also_nope; }\n');
    const { stderr } = gcc(['-c', 'wrapped.c', '-o', 'wrapped.o']);
    const ds = parseGccDiagnostics(stderr, { compiledPath: 'wrapped.c', displayName: 'hello.c', lineOffset: -2 }).filter(
      (d) => d.severity === 'error',
    );
    assert.deepEqual(
      ds.map((d) => [d.file, d.line, d.inProgram]),
      [
        ['broken.h', 2, false],
        ['hello.c', 1, true],
      ],
    );
  });

  test('a linker error (text after the JSON array) becomes one error', () => {
    writeFileSync(join(dir, 'link.c'), 'void not_defined(void);\nint main(void) { not_defined(); return 0; }\n');
    const { status, stderr } = gcc(['link.c', '-o', 'link']);
    assert.notEqual(status, 0);
    const ds = parseGccDiagnostics(stderr, { compiledPath: 'link.c', displayName: 'cell 1' });
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.equal(ds[0]!.severity, 'error');
    assert.equal(ds[0]!.inProgram, false);
    assert.equal(ds[0]!.file, undefined);
    assert.match(ds[0]!.message, /undefined reference to `not_defined'/);
    assert.ok(!ds[0]!.message.startsWith('['), 'the empty JSON array is not part of the message');
  });
});

describe('parseGccDiagnostics with text', () => {
  const map = { compiledPath: 'prog.c', displayName: 'cell 1' };

  test('empty stderr: no diagnostics', () => {
    assert.deepEqual(parseGccDiagnostics('', map), []);
    assert.deepEqual(parseGccDiagnostics(' \n', map), []);
    assert.deepEqual(parseGccDiagnostics('[]\n', map), []);
  });

  test('plain text (no JSON) is one error with the whole text', () => {
    const text = "/usr/bin/ld: prog.o: in function `main':\nprog.c:(.text+0x5): undefined reference to `foo'\ncollect2: error: ld returned 1 exit status";
    assert.deepEqual(parseGccDiagnostics(text + '\n', map), [{ severity: 'error', message: text, inProgram: false }]);
  });

  test('brackets that are not JSON fall back to the whole text', () => {
    const text = 'cc1: fatal error: [internal] something broke]';
    assert.deepEqual(parseGccDiagnostics(text, map), [{ severity: 'error', message: text, inProgram: false }]);
  });

  test('a fatal error is an error; unknown kinds are notes; a missing location stays undefined', () => {
    const json = JSON.stringify([
      { kind: 'fatal error', message: 'bootbook.h: No such file', locations: [{ caret: { file: 'prog.c', line: 1, column: 10 } }] },
      { kind: 'remark', message: 'hmm' },
    ]);
    assert.deepEqual(parseGccDiagnostics(json, map), [
      { severity: 'error', message: 'bootbook.h: No such file', file: 'cell 1', line: 1, column: 10, inProgram: true },
      { severity: 'note', message: 'hmm', file: undefined, line: undefined, column: undefined, inProgram: false },
    ]);
  });
});

describe('formatDiagnostic', () => {
  const d = (over: Partial<Diagnostic>): Diagnostic => ({ severity: 'error', message: 'expected ;', inProgram: true, ...over });

  test('file:line:column: severity: message, like a compiler', () => {
    assert.equal(formatDiagnostic(d({ file: 'hello.c', line: 5, column: 3 })), 'hello.c:5:3: error: expected ;');
    assert.equal(formatDiagnostic(d({ file: 'cell 2', line: 5, severity: 'warning' })), 'cell 2:5: warning: expected ;');
    assert.equal(formatDiagnostic(d({ file: 'hello.c' })), 'hello.c:?: error: expected ;');
    assert.equal(formatDiagnostic(d({ severity: 'note', inProgram: false })), 'note: expected ;');
  });
});
