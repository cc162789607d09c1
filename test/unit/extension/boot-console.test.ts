// The boot console's model: stages from iopub messages, the console through the
// ANSI parser (classes, never markup), queued cells, the record at the end.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AnsiParser, nearest16 } from '../../../extension/src/boot-console/ansi.js';
import { BootConsoleModel, type IopubMessage } from '../../../extension/src/boot-console/model.js';

const PROGRESS = 'application/vnd.bootbook.progress+json';
const msg = (type: string, content: Record<string, unknown>, parent = 'req-1'): IopubMessage => ({ header: { msg_type: type }, parent_header: { msg_id: parent }, content });
const progress = (stage: string, extra: Record<string, unknown> = {}) =>
  msg('update_display_data', { data: { 'text/plain': `kite (x86_64) · ${stage} · 0.1 s`, [PROGRESS]: { label: 'kite (x86_64)', stage, elapsedS: 0.1, done: false, ...extra } }, transient: { display_id: 'd' } });

describe('ANSI parser', () => {
  test('SGR colours and styles become classes; text stays text', () => {
    const p = new AnsiParser();
    const out = p.push('plain \x1b[1;31mred bold\x1b[0m <b>&amp;</b> \x1b[92mbright\x1b[39m end');
    assert.deepEqual(out, [
      { text: 'plain ', classes: [] },
      { text: 'red bold', classes: ['bb-ansi-fg-red', 'bb-ansi-bold'] },
      { text: ' <b>&amp;</b> ', classes: [] },
      { text: 'bright', classes: ['bb-ansi-fg-bright-green'] },
      { text: ' end', classes: [] },
    ]);
  });

  test('style and a sequence cut in half carry across chunks', () => {
    const p = new AnsiParser();
    assert.deepEqual(p.push('a\x1b[3'), [{ text: 'a', classes: [] }]);
    assert.deepEqual(p.push('4mb'), [{ text: 'b', classes: ['bb-ansi-fg-blue'] }]);
    assert.deepEqual(p.push('c\x1b[m'), [{ text: 'c', classes: ['bb-ansi-fg-blue'] }]);
    assert.deepEqual(p.push('d'), [{ text: 'd', classes: [] }]);
  });

  test('other escapes, OSC titles, carriage returns and control bytes are dropped', () => {
    const p = new AnsiParser();
    const text = p.push('\x1b[2J\x1b[Hx\x1b]0;title\x07y\r\n\x07z\x1b(Bw').map((s) => s.text).join('');
    assert.equal(text, 'xy\nzw');
  });

  test('256 and true colours fold to the 16 named ones; background and inverse', () => {
    assert.equal(nearest16(196), 9);
    assert.equal(nearest16(2), 2);
    const p = new AnsiParser();
    assert.deepEqual(p.push('\x1b[38;5;196;48;2;0;0;200mx')[0]!.classes, ['bb-ansi-fg-bright-red', 'bb-ansi-bg-blue']);
    assert.deepEqual(p.push('\x1b[0;7my')[0]!.classes, ['bb-ansi-fg-inverse', 'bb-ansi-bg-inverse']);
  });
});

describe('boot console model', () => {
  test('follows a run: queued, building, booting, running, done', () => {
    let t = 1000;
    const m = new BootConsoleModel({ now: () => t });
    let changes = 0;
    m.onChange(() => changes++);
    m.scheduled();
    m.scheduled();
    assert.equal(m.stage, 'queued');
    assert.equal(m.queued, 2);
    m.handle(msg('status', { execution_state: 'busy' }));
    m.handle(msg('execute_input', { code: '%target kite\nint main(void){}', execution_count: 3 }));
    assert.equal(m.queued, 1);
    assert.equal(m.executionCount, 3);
    m.handle(msg('display_data', { data: { 'text/plain': 'kite (x86_64) · starting · 0.0 s', [PROGRESS]: { label: 'kite (x86_64)', stage: 'starting', elapsedS: 0, done: false } } }));
    assert.equal(m.stage, 'building');
    m.handle(progress('building'));
    m.handle(progress('booting', { detail: '1 run' }));
    assert.equal(m.stage, 'booting');
    assert.equal(m.summary(), 'kite (x86_64) · booting (1 run) · 0.0 s');
    t = 3500;
    m.handle(msg('stream', { name: 'stdout', text: 'kite: \x1b[32mhello\x1b[0m\nsecond' }));
    assert.equal(m.stage, 'running');
    m.handle(progress('booting', { detail: '1 run' }));
    assert.equal(m.stage, 'running', 'a later progress tick does not go back to booting');
    m.handle(msg('stream', { name: 'stdout', text: ' line\n' }));
    assert.equal(m.consoleText(), 'kite: hello\nsecond line\n');
    assert.deepEqual(m.lines[0], [{ text: 'kite: ', classes: [] }, { text: 'hello', classes: ['bb-ansi-fg-green'] }]);
    m.handle(progress('booting', { done: true }));
    const record = { status: 'ok', repeat: 0, metrics: [], target: { pack: 'kite', arch: 'x86_64' } };
    m.handle(msg('execute_result', { data: { 'application/vnd.bootbook.run+json': { records: [record] } } }));
    t = 4000;
    m.handle(msg('status', { execution_state: 'idle' }));
    assert.equal(m.stage, 'done');
    assert.equal(m.records.length, 1);
    assert.equal(m.elapsedMs(), 3000);
    t = 9000;
    assert.equal(m.elapsedMs(), 3000, 'frozen at the end');
    assert.match(m.summary(), /done: ok · 3.0 s/);
    assert.ok(changes >= 8);
  });

  test("messages of another request (or a kernel that only sends text/plain) are read right", () => {
    const m = new BootConsoleModel();
    m.handle(msg('execute_input', { code: 'x', execution_count: 1 }, 'a'));
    m.handle(msg('stream', { name: 'stdout', text: 'other\n' }, 'b'));
    assert.equal(m.consoleText(), '');
    m.handle(msg('display_data', { data: { 'text/plain': 'linux (x86_64) · preparing pack linux once... · 2.0 s' } }, 'a'));
    assert.equal(m.stage, 'building');
    assert.equal(m.detail, 'preparing pack linux once...');
    m.handle(msg('error', { ename: 'CompileError', evalue: 'line 3: error: x' }, 'a'));
    m.handle(msg('status', { execution_state: 'idle' }, 'a'));
    assert.match(m.summary(), /done: CompileError/);
  });

  test('the console keeps at most maxLines lines', () => {
    const m = new BootConsoleModel({ maxLines: 3 });
    m.handle(msg('execute_input', { code: 'x' }));
    m.handle(msg('stream', { name: 'stdout', text: '1\n2\n3\n4\n5' }));
    assert.equal(m.consoleText(), '3\n4\n5');
    assert.equal(m.dropped, 2);
  });
});
