// The notebook kernel running cells for real: compiled for the linux pack,
// booted in QEMU, outputs as Jupyter messages. One kernel for the whole file, as
// one notebook would use it.
import { packs } from '../helpers.js';
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { liveProcessCount } from '../../../server/src/engine/cleanup.js';
import type { RunRecord } from '../../../server/src/engine/record.js';
import type { JupyterMessage } from '../../../server/src/kernel/messages.js';
import { Harness } from '../../unit/kernel/harness.js';

const hello = `#include <bootbook.h>

int main(void) {
    printf("hello from the cell\\n");
    bb_metric("answer", 42, "");
    return 0;
}
`;

const forever = `#include <bootbook.h>

int main(void) {
    printf("before the loop\\n");
    fflush(stdout);
    for (;;) { }
}
`;

async function waitFor(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function streamed(h: Harness, req: JupyterMessage): string {
  return h
    .iopub(req, 'stream')
    .map((m) => (m.content as { text: string }).text)
    .join('');
}

describe('the kernel in QEMU (linux)', { concurrency: 1 }, () => {
  const h = new Harness(packs);

  test('a hello cell: progress, live console, then a result in three mime types', async () => {
    const req = h.execute(hello);
    await h.kernel.handle(req);
    const reply = h.content<{ status: string; execution_count: number }>(h.replyTo(req));
    assert.equal(reply.status, 'ok', JSON.stringify(h.content(h.iopub(req, 'error')[0])));
    assert.equal(reply.execution_count, 1);

    const trace = h.trace(req);
    assert.deepEqual(trace.slice(0, 3), ['status:busy', 'iopub:execute_input', 'iopub:display_data']);
    assert.deepEqual(trace.slice(-3), ['iopub:execute_result', 'shell:execute_reply', 'status:idle']);
    assert.ok(trace.indexOf('iopub:stream') < trace.indexOf('iopub:execute_result'), 'the console comes before the result');
    assert.match(streamed(h, req), /hello from the cell/);

    const progress = h.iopub(req, 'display_data')[0]!.content as { transient: { display_id: string } };
    const updates = h.iopub(req, 'update_display_data').map((m) => m.content as { data: { 'text/plain': string }; transient: { display_id: string } });
    assert.ok(updates.every((u) => u.transient.display_id === progress.transient.display_id));
    assert.ok(updates.some((u) => /booting/.test(u.data['text/plain'])), 'the boot stage was shown');
    assert.equal(updates.at(-1)?.data['text/plain'], '', 'the progress line is cleared at the end');

    const result = h.content<{ execution_count: number; data: Record<string, unknown>; metadata: object }>(h.iopub(req, 'execute_result')[0]);
    assert.equal(result.execution_count, 1);
    assert.deepEqual(result.metadata, {});
    assert.match(String(result.data['text/plain']), /linux \(x86_64\) · ok · exit 0/);
    assert.match(String(result.data['text/plain']), /answer/);
    assert.match(String(result.data['text/html']), /<td style="text-align:left">answer<\/td><td style="text-align:right">42<\/td>/);
    const records = (result.data['application/vnd.bootbook.run+json'] as { records: RunRecord[] }).records;
    assert.equal(records[0]?.status, 'ok');
    assert.deepEqual(records[0]?.metrics, [{ name: 'answer', value: 42, unit: '' }]);
    assert.equal(liveProcessCount(), 0);
  });

  test("a compile error is an error reply with the cell's own line number", async () => {
    const req = h.execute('%param n=1\n#include <bootbook.h>\n\nint main(void) {\n    return undeclared_variable;\n}\n');
    await h.kernel.handle(req);
    const reply = h.content<{ status: string; ename: string; evalue: string; traceback: string[] }>(h.replyTo(req));
    assert.equal(reply.status, 'error');
    assert.equal(reply.ename, 'CompileError');
    assert.match(reply.evalue, /^line 5: error: .*undeclared_variable/);
    assert.ok(reply.traceback.some((l) => /^line 5: error: .*undeclared_variable/.test(l)), reply.traceback.join('\n'));
    assert.equal(h.iopub(req, 'execute_result').length, 0);
    assert.equal(h.iopub(req, 'error').length, 1);
  });

  test('%param reaches the guest', async () => {
    const req = h.execute('%param n=1234\n#include <bootbook.h>\nint main(void) {\n    bb_metric("n", (double)bb_param("n", 7), "");\n    bb_metric("m", (double)bb_param("m", 99), "");\n    return 0;\n}\n');
    await h.kernel.handle(req);
    assert.equal(h.content<{ status: string }>(h.replyTo(req)).status, 'ok');
    const data = h.content<{ data: Record<string, unknown> }>(h.iopub(req, 'execute_result')[0]).data;
    const r = (data['application/vnd.bootbook.run+json'] as { records: RunRecord[] }).records[0]!;
    assert.deepEqual(r.metrics.map((m) => [m.name, m.value]), [['n', 1234], ['m', 99]]);
  });

  test('a non-zero exit shows the result and an ExitStatus error; the next cell runs normally', async () => {
    const failing = h.execute('#include <bootbook.h>\nint main(void) {\n    printf("about to fail\\n");\n    return 3;\n}\n');
    await h.kernel.handle(failing);
    const e = h.content<{ status: string; ename: string; evalue: string }>(h.replyTo(failing));
    assert.equal(e.ename, 'ExitStatus');
    assert.match(e.evalue, /status 3/);
    assert.equal(h.iopub(failing, 'execute_result').length, 1, 'the record of a failed run is kept');
    assert.match(streamed(h, failing), /about to fail/);

    const next = h.execute(hello);
    await h.kernel.handle(next);
    assert.equal(h.content<{ status: string }>(h.replyTo(next)).status, 'ok');
  });

  test('an interrupt during the boot of an endless loop replies Interrupted at once and leaves no QEMU', async () => {
    const req = h.execute(forever);
    const done = h.kernel.handle(req);
    await waitFor('the guest console', () => /before the loop/.test(streamed(h, req)));
    assert.equal(h.kernel.executionState, 'busy');
    const started = performance.now();
    await h.kernel.handle(h.request('interrupt_request', {}, 'control'));
    await done;
    const ms = performance.now() - started;
    const reply = h.content<{ status: string; ename: string }>(h.replyTo(req));
    assert.equal(reply.status, 'error');
    assert.equal(reply.ename, 'Interrupted');
    assert.ok(ms < 2000, `replied ${Math.round(ms)} ms after the interrupt`);
    assert.equal(liveProcessCount(), 0, 'no QEMU left running');
    assert.equal(h.kernel.executionState, 'idle');
  });

  test('a timeout shows what the guest printed', async () => {
    const req = h.execute('%timeout 6\n' + forever);
    await h.kernel.handle(req);
    const reply = h.content<{ ename: string; traceback: string[] }>(h.replyTo(req));
    assert.equal(reply.ename, 'Timeout');
    assert.ok(reply.traceback.includes('before the loop'), reply.traceback.join('\n'));
    assert.equal(liveProcessCount(), 0);
  });

  test('with stop_on_error, a cell queued behind a failing one is aborted', async () => {
    const failing = h.execute('#include <bootbook.h>\nint main(void) { return nope; }\n');
    const queued = h.execute(hello);
    await Promise.all([h.kernel.handle(failing), h.kernel.handle(queued)]);
    assert.equal(h.content<{ ename: string }>(h.replyTo(failing)).ename, 'CompileError');
    assert.equal(h.content<{ status: string }>(h.replyTo(queued)).status, 'aborted');
    assert.equal(h.iopub(queued, 'execute_input').length, 0, 'an aborted cell does not run');
  });

  after(async () => {
    await h.kernel.shutdown();
    assert.equal(liveProcessCount(), 0);
  });
});
