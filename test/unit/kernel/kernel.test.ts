// The kernel at the message level, with the real bundled packs but nothing
// booted: protocol bookkeeping, editor help, directive errors and the queue.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadPacks } from '../../../server/src/engine/packs/load.js';
import { Harness } from './harness.js';

const packs = loadPacks([(await import('../../../server/src/engine/paths.js')).kernelsDir]).packs;
const main = '#include <bootbook.h>\nint main(void) {\n  return 0;\n}\n';

describe('kernel_info and the busy/idle pair', () => {
  test('kernel_info describes C and bootbook, between busy and idle', async () => {
    const h = new Harness(packs);
    const req = await h.ask('kernel_info_request');
    assert.deepEqual(h.trace(req), ['status:busy', 'shell:kernel_info_reply', 'status:idle']);
    const c = h.content<Record<string, any>>(h.replyTo(req));
    assert.equal(c.status, 'ok');
    assert.equal(c.protocol_version, '5.3');
    assert.equal(c.implementation, 'bootbook');
    assert.match(c.implementation_version, /^\d+\.\d+/);
    assert.equal(c.language_info.name, 'c');
    assert.equal(c.language_info.mimetype, 'text/x-csrc');
    assert.equal(c.language_info.file_extension, '.c');
    assert.ok(['text/x-csrc', 'clike'].includes(c.language_info.codemirror_mode));
    assert.match(c.banner, /bootbook/);
    assert.ok(Array.isArray(c.help_links) && c.help_links.length > 0);
    const reply = h.replyTo(req)!;
    assert.equal(reply.header.session, 'test-session');
    assert.equal(reply.header.version, '5.3');
    assert.equal(reply.parent_header.msg_id, req.header.msg_id);
  });

  test('kernel_info on control is answered on control', async () => {
    const h = new Harness(packs);
    const req = await h.ask('kernel_info_request', {}, 'control');
    assert.deepEqual(h.trace(req), ['status:busy', 'control:kernel_info_reply', 'status:idle']);
  });

  test('every request gets busy then idle, even an unknown one (logged, no reply)', async () => {
    const h = new Harness(packs);
    for (const type of ['complete_request', 'inspect_request', 'is_complete_request', 'history_request', 'comm_info_request', 'frobnicate_request']) {
      const req = await h.ask(type, { code: 'int x;', cursor_pos: 0, detail_level: 0, hist_access_type: 'tail', n: 10, output: false, raw: true });
      const t = h.trace(req);
      assert.equal(t[0], 'status:busy', type);
      assert.equal(t.at(-1), 'status:idle', type);
      if (type === 'frobnicate_request') assert.equal(t.length, 2);
      else assert.equal(t[1], `shell:${type.replace('_request', '_reply')}`);
    }
    assert.ok(h.logs.some((l) => /unknown message type frobnicate_request/.test(l)));
  });

  test('the execution state is idle at rest', () => {
    assert.equal(new Harness(packs).kernel.executionState, 'idle');
  });

  test('history is empty and there are no comms', async () => {
    const h = new Harness(packs);
    const hist = await h.ask('history_request', { hist_access_type: 'tail', n: 10, output: false, raw: true });
    assert.deepEqual(h.content(h.replyTo(hist)), { status: 'ok', history: [] });
    const comms = await h.ask('comm_info_request', {});
    assert.deepEqual(h.content(h.replyTo(comms)), { status: 'ok', comms: {} });
  });

  test('a request without a header, or without content, does not break the kernel', async () => {
    const h = new Harness(packs);
    await h.kernel.handle({} as never);
    const req = h.request('complete_request');
    (req as { content: unknown }).content = undefined;
    await h.kernel.handle(req);
    assert.equal(h.content<{ status: string }>(h.replyTo(req)).status, 'error');
    const ok = await h.ask('kernel_info_request');
    assert.equal(h.content<{ status: string }>(h.replyTo(ok)).status, 'ok');
  });

  test('messages on stdin are ignored', async () => {
    const h = new Harness(packs);
    await h.ask('input_reply', { value: 'x' }, 'stdin');
    assert.equal(h.sent.length, 0);
  });
});

describe('complete, inspect, is_complete', () => {
  async function completeAt(code: string, cursor = Array.from(code).length) {
    const h = new Harness(packs);
    const req = await h.ask('complete_request', { code, cursor_pos: cursor });
    return h.content<{ status: string; matches: string[]; cursor_start: number; cursor_end: number; metadata: Record<string, unknown> }>(h.replyTo(req));
  }

  test('directive names after %', async () => {
    const c = await completeAt('%');
    assert.deepEqual(c.matches, ['%clock', '%param', '%plot', '%repeat', '%runner', '%sweep', '%target', '%timeout']);
    const t = await completeAt('%t');
    assert.deepEqual(t.matches, ['%target', '%timeout']);
    assert.equal(t.cursor_start, 0);
    assert.equal(t.cursor_end, 2);
  });

  test('target names after %target', async () => {
    const c = await completeAt('%target li');
    assert.deepEqual(c.matches, ['linux']);
    assert.equal(c.cursor_start, 8);
    const all = await completeAt('%target ');
    assert.ok(all.matches.includes('linux'));
  });

  test('options of the named target, without those already given', async () => {
    const c = await completeAt('%target linux ');
    assert.deepEqual(c.matches, ['arch=', 'cmdline=', 'cpus=', 'mem=']);
    const d = await completeAt('%target linux cpus=2 c');
    assert.deepEqual(d.matches, ['cmdline=']);
    assert.equal(d.cursor_start, 21);
    const a = await completeAt('%target linux arch=');
    assert.deepEqual(a.matches, ['arch=x86_64']);
    const none = await completeAt('%target nosuchpack c');
    assert.deepEqual(none.matches, []);
  });

  test('clock values and parameters the program reads', async () => {
    assert.deepEqual((await completeAt('%clock i')).matches, ['icount']);
    const code = '%param \nint main(void){ long n = bb_param("n", 1); long size = bb_param( "size", 2); return 0; }';
    assert.deepEqual((await completeAt(code, 7)).matches, ['n=', 'size=']);
  });

  test('bootbook.h functions in C, with their type for the editor', async () => {
    const code = '#include <bootbook.h>\nint main(void) { bb_';
    const c = await completeAt(code);
    assert.deepEqual(c.matches, ['bb_cycles', 'bb_metric', 'bb_nanos', 'bb_param']);
    assert.equal(c.cursor_start, Array.from(code).length - 3);
    const types = c.metadata._jupyter_types_experimental as { type: string }[];
    assert.equal(types[0]?.type, 'function');
    assert.deepEqual((await completeAt(main + 'bb_me')).matches, ['bb_metric']);
  });

  test('cursor positions count code points, not UTF-16 units', async () => {
    const code = '// café 😀\nbb_n';
    const c = await completeAt(code);
    assert.deepEqual(c.matches, ['bb_nanos']);
    assert.equal(c.cursor_end, Array.from(code).length);
    assert.equal(c.cursor_start, Array.from(code).length - 4);
  });

  async function inspectAt(code: string, cursor: number) {
    const h = new Harness(packs);
    const req = await h.ask('inspect_request', { code, cursor_pos: cursor, detail_level: 0 });
    return h.content<{ status: string; found: boolean; data: Record<string, string> }>(h.replyTo(req));
  }

  test('inspect documents bootbook.h functions', async () => {
    for (const fn of ['bb_metric', 'bb_cycles', 'bb_nanos', 'bb_param']) {
      const code = `int main(void) { ${fn}(`;
      const r = await inspectAt(code, code.indexOf(fn) + 3);
      assert.equal(r.found, true, fn);
      assert.match(r.data['text/plain'] ?? '', new RegExp(`${fn}\\(`));
    }
    const cycles = await inspectAt('bb_cycles', 9);
    assert.match(cycles.data['text/plain'] ?? '', /icount/);
  });

  test('inspect documents directives, and a target name shows its options', async () => {
    const t = await inspectAt('%target linux cpus=2', 3);
    assert.equal(t.found, true);
    assert.match(t.data['text/plain'] ?? '', /%target PACK/);
    assert.match(t.data['text/plain'] ?? '', /linux \(x86_64\)/);
    const opts = await inspectAt('%target linux cpus=2', 10);
    assert.match(opts.data['text/plain'] ?? '', /cpus=\s+virtual CPUs; default 1; an integer from 1 to 8/);
    for (const d of ['param', 'repeat', 'clock', 'timeout']) {
      const r = await inspectAt(`%${d} x`, 2);
      assert.equal(r.found, true, d);
      assert.match(r.data['text/plain'] ?? '', new RegExp(`%${d}`));
    }
  });

  test('inspect finds nothing on ordinary C', async () => {
    const r = await inspectAt(main, 3);
    assert.equal(r.found, false);
    assert.deepEqual(r.data, {});
  });

  async function completeness(code: string) {
    const h = new Harness(packs);
    const req = await h.ask('is_complete_request', { code });
    return h.content<{ status: string; indent?: string }>(h.replyTo(req));
  }

  test('is_complete follows brace balance, ignoring strings and comments', async () => {
    assert.deepEqual(await completeness(main), { status: 'complete' });
    assert.deepEqual(await completeness('int main(void) {'), { status: 'incomplete', indent: '    ' });
    assert.deepEqual(await completeness('int main(void) {\n  if (1) {'), { status: 'incomplete', indent: '        ' });
    assert.deepEqual(await completeness('}'), { status: 'invalid' });
    assert.deepEqual(await completeness('char *s = "{"; char c = \'{\';'), { status: 'complete' });
    assert.deepEqual(await completeness('// {\nint x; /* { */'), { status: 'complete' });
    assert.deepEqual(await completeness('/* not closed {'), { status: 'incomplete', indent: '' });
    assert.deepEqual(await completeness('char *s = "\\"{";'), { status: 'complete' });
    assert.deepEqual(await completeness('%target linux\n'), { status: 'complete' });
  });
});

describe('execute without booting', () => {
  test('a directive error is an error reply naming the line, with execute_input first', async () => {
    const h = new Harness(packs);
    const req = h.execute('// hi\n%repeat 0\nint main(void){return 0;}');
    await h.kernel.handle(req);
    assert.deepEqual(h.trace(req), ['status:busy', 'iopub:execute_input', 'iopub:error', 'shell:execute_reply', 'status:idle']);
    assert.deepEqual(h.content(h.iopub(req, 'execute_input')[0]), { code: '// hi\n%repeat 0\nint main(void){return 0;}', execution_count: 1 });
    const err = h.content<{ ename: string; evalue: string; traceback: string[] }>(h.iopub(req, 'error')[0]);
    assert.equal(err.ename, 'DirectiveError');
    assert.match(err.evalue, /^line 2: %repeat 0 is not valid/);
    assert.match(err.traceback[0] ?? '', /^DirectiveError: line 2:/);
    assert.match(err.traceback[1] ?? '', /2 \| %repeat 0/);
    const reply = h.content<Record<string, unknown>>(h.replyTo(req));
    assert.equal(reply.status, 'error');
    assert.equal(reply.ename, 'DirectiveError');
    assert.equal(reply.execution_count, 1);
    assert.deepEqual(reply.traceback, err.traceback);
  });

  test('a bad %runner names its line and what is valid', async () => {
    const h = new Harness(packs);
    const req = h.execute('%runner pbs\nint main(void){return 0;}');
    await h.kernel.handle(req);
    assert.match(h.content<{ evalue: string }>(h.replyTo(req)).evalue, /line 1: %runner pbs is not valid; use %runner qemu \| %runner slurm/);
  });

  test('a cell of %runner alone sets the notebook default; other directives alone are an error that says so', async () => {
    const h = new Harness(packs);
    const set = h.execute('%runner qemu');
    await h.kernel.handle(set);
    assert.equal(h.content(h.replyTo(set)).status, 'ok');
    assert.match(h.iopub(set, 'stream').map((m) => (m.content as { text: string }).text).join(''), /^later cells of this notebook run on the local QEMU pool/);
    const alone = h.execute('%clock icount');
    await h.kernel.handle(alone);
    const e = h.content<{ ename: string; evalue: string }>(h.replyTo(alone));
    assert.equal(e.ename, 'SourceError');
    assert.match(e.evalue, /directives but no C program after them \(a cell of %runner alone sets where the later cells of this notebook run/);
    const two = h.execute('%runner qemu\n%clock icount');
    await h.kernel.handle(two);
    assert.equal(h.content<{ ename: string }>(h.replyTo(two)).ename, 'SourceError', '%runner with other directives is not a default cell');
  });

  test('an unknown target or option names the %target line and lists what is valid', async () => {
    const h = new Harness(packs);
    const a = h.execute('\n%target nosuch\n' + main);
    await h.kernel.handle(a);
    const ea = h.content<{ ename: string; evalue: string }>(h.replyTo(a));
    assert.equal(ea.ename, 'TargetError');
    assert.match(ea.evalue, /^line 2: unknown target "nosuch"; valid targets: .*linux/);
    const b = h.execute('%target linux cpus=99\n' + main);
    await h.kernel.handle(b);
    assert.match(h.content<{ evalue: string }>(h.replyTo(b)).evalue, /^line 1: option cpus=99 for linux: out of range; valid: an integer from 1 to 8/);
    const c = h.execute('%target linux speed=9\n' + main);
    await h.kernel.handle(c);
    assert.match(h.content<{ evalue: string }>(h.replyTo(c)).evalue, /unknown option "speed" for linux; valid options: cpus, mem, cmdline/);
    const d = h.execute('%target linux arch=riscv64\n' + main);
    await h.kernel.handle(d);
    assert.match(h.content<{ evalue: string }>(h.replyTo(d)).evalue, /linux has no architecture "riscv64"/);
  });

  test("a bad default target (the kernelspec's) is reported as such", async () => {
    const h = new Harness(packs, { defaultTarget: { pack: 'gone' } });
    const req = h.execute(main);
    await h.kernel.handle(req);
    const e = h.content<{ ename: string; evalue: string }>(h.replyTo(req));
    assert.equal(e.ename, 'TargetError');
    assert.match(e.evalue, /^the notebook's default target: unknown target "gone"/);
  });

  test('directives without a program are an error; an empty cell is ok and does nothing', async () => {
    const h = new Harness(packs);
    const a = h.execute('%param n=1\n\n');
    await h.kernel.handle(a);
    assert.equal(h.content<{ ename: string }>(h.replyTo(a)).ename, 'SourceError');
    const b = h.execute('  \n');
    await h.kernel.handle(b);
    assert.deepEqual(h.trace(b), ['status:busy', 'iopub:execute_input', 'shell:execute_reply', 'status:idle']);
    assert.equal(h.content<{ status: string }>(h.replyTo(b)).status, 'ok');
  });

  test('the execution count grows with store_history; silent runs publish nothing and do not count', async () => {
    const h = new Harness(packs);
    const counts: unknown[] = [];
    for (const extra of [{}, {}, { store_history: false }, { silent: true }, {}]) {
      const req = h.execute('', extra);
      await h.kernel.handle(req);
      counts.push(h.content<{ execution_count: number }>(h.replyTo(req)).execution_count);
      if ((extra as { silent?: boolean }).silent) assert.deepEqual(h.trace(req), ['status:busy', 'shell:execute_reply', 'status:idle']);
    }
    assert.deepEqual(counts, [1, 2, 2, 2, 3]);
  });

  test('a silent failing cell still replies with the error but publishes none', async () => {
    const h = new Harness(packs);
    const req = h.execute('%bogus\n' + main, { silent: true });
    await h.kernel.handle(req);
    assert.deepEqual(h.trace(req), ['status:busy', 'shell:execute_reply', 'status:idle']);
    assert.equal(h.content<{ ename: string }>(h.replyTo(req)).ename, 'DirectiveError');
  });

  test('restart resets the execution count', async () => {
    const h = new Harness(packs);
    await h.kernel.handle(h.execute(''));
    await h.kernel.handle(h.execute(''));
    await h.kernel.restart();
    const req = h.execute('');
    await h.kernel.handle(req);
    assert.equal(h.content<{ execution_count: number }>(h.replyTo(req)).execution_count, 1);
    assert.equal(h.kernel.executionState, 'idle');
  });
});

describe('the shell queue', () => {
  test('shell requests are answered one at a time in arrival order', async () => {
    const h = new Harness(packs);
    const reqs = [h.execute('%bogus\n' + main), h.request('complete_request', { code: '%t', cursor_pos: 2 }), h.request('kernel_info_request'), h.execute('')];
    await Promise.all(reqs.map((r) => h.kernel.handle(r)));
    const replies = h.sent.filter((m) => m.channel === 'shell').map((m) => m.parent_header.msg_id);
    assert.deepEqual(replies, reqs.map((r) => r.header.msg_id));
    // No interleaving: each request's idle comes before the next request's busy.
    const statuses = h.sent.filter((m) => m.header.msg_type === 'status').map((m) => `${(m.content as { execution_state: string }).execution_state}:${m.parent_header.msg_id}`);
    assert.deepEqual(statuses, reqs.flatMap((r) => [`busy:${r.header.msg_id}`, `idle:${r.header.msg_id}`]));
  });

  test('after a failed cell, execute requests already queued are aborted; other requests still run', async () => {
    const h = new Harness(packs);
    const failing = h.execute('%bogus\n' + main);
    const queued = h.execute('');
    const info = h.request('kernel_info_request');
    const queued2 = h.execute('');
    await Promise.all([failing, queued, info, queued2].map((r) => h.kernel.handle(r)));
    assert.equal(h.content<{ status: string }>(h.replyTo(failing)).status, 'error');
    assert.deepEqual(h.trace(queued), ['status:busy', 'shell:execute_reply', 'status:idle']);
    assert.equal(h.content<{ status: string }>(h.replyTo(queued)).status, 'aborted');
    assert.equal(h.content<{ status: string }>(h.replyTo(info)).status, 'ok');
    assert.equal(h.content<{ status: string }>(h.replyTo(queued2)).status, 'aborted');
    // A request sent after the failure was answered runs normally.
    const later = h.execute('');
    await h.kernel.handle(later);
    assert.equal(h.content<{ status: string }>(h.replyTo(later)).status, 'ok');
  });

  test('stop_on_error false, or the raises-exception tag, lets queued cells run', async () => {
    for (const [extra, metadata] of [
      [{ stop_on_error: false }, {}],
      [{}, { tags: ['raises-exception'] }],
    ] as const) {
      const h = new Harness(packs);
      const failing = h.execute('%bogus\n' + main, extra, metadata);
      const queued = h.execute('');
      await Promise.all([failing, queued].map((r) => h.kernel.handle(r)));
      assert.equal(h.content<{ status: string }>(h.replyTo(failing)).status, 'error');
      assert.equal(h.content<{ status: string }>(h.replyTo(queued)).status, 'ok');
    }
  });
});

describe('control: interrupt and shutdown', () => {
  test('interrupt_request is answered on control, between busy and idle', async () => {
    const h = new Harness(packs);
    const req = await h.ask('interrupt_request', {}, 'control');
    assert.deepEqual(h.trace(req), ['status:busy', 'control:interrupt_reply', 'status:idle']);
    assert.deepEqual(h.content(h.replyTo(req)), { status: 'ok' });
  });

  test('shutdown_request replies, tells every client on iopub, then the kernel is dead and silent', async () => {
    const told: boolean[] = [];
    const h = new Harness(packs, { onShutdownRequest: (restart) => told.push(restart) });
    const req = await h.ask('shutdown_request', { restart: false }, 'control');
    assert.deepEqual(h.trace(req), ['status:busy', 'control:shutdown_reply', 'iopub:shutdown_reply', 'status:idle']);
    assert.deepEqual(h.content(h.replyTo(req)), { status: 'ok', restart: false });
    assert.equal(h.kernel.executionState, 'dead');
    assert.deepEqual(told, [false]);
    const n = h.sent.length;
    await h.ask('kernel_info_request');
    assert.equal(h.sent.length, n, 'a dead kernel answers nothing');
  });

  test('shutdown_request with restart keeps the kernel alive with a fresh count', async () => {
    const h = new Harness(packs);
    await h.kernel.handle(h.execute(''));
    await h.ask('shutdown_request', { restart: true }, 'control');
    assert.equal(h.kernel.executionState, 'idle');
    const req = h.execute('');
    await h.kernel.handle(req);
    assert.equal(h.content<{ execution_count: number }>(h.replyTo(req)).execution_count, 1);
  });

  test('shutdown_request on shell (allowed by the protocol) does not wait for itself', async () => {
    const h = new Harness(packs);
    await h.ask('shutdown_request', { restart: false }, 'shell');
    assert.equal(h.kernel.executionState, 'dead');
  });

  test('a transport that throws does not stop the kernel', async () => {
    const h = new Harness(packs, { send: () => { throw new Error('socket closed'); } });
    await h.ask('kernel_info_request');
    assert.ok(h.logs.some((l) => /socket closed/.test(l)));
    assert.equal(h.kernel.executionState, 'idle');
  });
});
