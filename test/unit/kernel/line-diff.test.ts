// Counting changed lines for the %%file confirmation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedLines, countLines } from '../../../server/src/kernel/line-diff.js';

test('lines are counted the way editors count them', () => {
  assert.equal(countLines(''), 0);
  assert.equal(countLines('a'), 1);
  assert.equal(countLines('a\n'), 1);
  assert.equal(countLines('a\nb\n'), 2);
  assert.equal(countLines('a\n\n'), 2);
});

test('added and removed lines by the shortest edit', () => {
  assert.deepEqual(changedLines('a\nb\nc\n', 'a\nb\nc\n'), { added: 0, removed: 0 });
  assert.deepEqual(changedLines('a\nb\nc\n', 'a\nB\nc\n'), { added: 1, removed: 1 });
  assert.deepEqual(changedLines('a\nb\nc\n', 'a\nc\n'), { added: 0, removed: 1 });
  assert.deepEqual(changedLines('a\nc\n', 'x\na\nb\nc\ny\n'), { added: 3, removed: 0 });
  assert.deepEqual(changedLines('', 'a\nb\n'), { added: 2, removed: 0 });
  assert.deepEqual(changedLines('a\r\nb\r\n', 'a\nb\n'), { added: 0, removed: 0 });
  // A moved line is one removal and one addition.
  assert.deepEqual(changedLines('a\nb\nc\nd\n', 'b\nc\nd\na\n'), { added: 1, removed: 1 });
});

test('a long file with one change is fast', () => {
  const big = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
  const t0 = performance.now();
  assert.deepEqual(changedLines(big, big.replace('line 10000\n', 'changed\n')), { added: 1, removed: 1 });
  assert.ok(performance.now() - t0 < 200);
});
