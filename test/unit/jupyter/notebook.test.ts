// Notebook files as Python's nbformat writes and reads them, and API path checks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readNotebook, serializeNotebook } from '../../../server/src/jupyter/contents/notebook.js';
import { apiPathFromUrl, checkApiPath } from '../../../server/src/jupyter/contents/paths.js';

const nb = {
  nbformat_minor: 5,
  nbformat: 4,
  metadata: { z: 1, a: 2 },
  cells: [
    {
      outputs: [
        { output_type: 'stream', name: 'stdout', text: 'one\ntwo\n' },
        { output_type: 'display_data', metadata: {}, data: { 'text/plain': 'a\nb', 'application/vnd.bootbook.run+json': { lines: 'x\ny' } } },
      ],
      source: '%target linux\nint main(void) { return 0; }',
      metadata: {},
      id: 'c1',
      execution_count: 1,
      cell_type: 'code',
    },
  ],
};

describe('serializeNotebook / readNotebook', () => {
  test('sorted keys, one-space indent, lines split except JSON mime data, trailing newline', () => {
    const text = serializeNotebook(nb);
    assert.ok(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "code",'));
    assert.ok(text.endsWith('\n}\n'));
    const disk = JSON.parse(text);
    assert.deepEqual(Object.keys(disk.metadata), ['a', 'z']);
    assert.deepEqual(disk.cells[0].source, ['%target linux\n', 'int main(void) { return 0; }']);
    assert.deepEqual(disk.cells[0].outputs[0].text, ['one\n', 'two\n']);
    assert.deepEqual(disk.cells[0].outputs[1].data['text/plain'], ['a\n', 'b']);
    assert.deepEqual(disk.cells[0].outputs[1].data['application/vnd.bootbook.run+json'], { lines: 'x\ny' });
    const back = readNotebook(text, 'x.ipynb');
    assert.equal(back.message, undefined);
    assert.equal(back.content.cells[0]!.source, nb.cells[0]!.source);
    assert.deepEqual(JSON.parse(JSON.stringify(back.content)).cells[0].outputs, nb.cells[0]!.outputs);
  });

  test('an empty source is an empty list on disk, as nbformat writes it', () => {
    const text = serializeNotebook({ ...nb, cells: [{ cell_type: 'markdown', source: '', metadata: {} }] });
    assert.deepEqual(JSON.parse(text).cells[0].source, []);
  });

  test('unreadable files are 400s; a v4 notebook with problems opens with a message', () => {
    assert.throws(() => readNotebook('{', 'bad.ipynb'), { kind: 'bad-request', message: /Unreadable Notebook: bad\.ipynb/ });
    assert.throws(() => readNotebook('{"nbformat": 3, "worksheets": []}', 'old.ipynb'), { message: /only nbformat 4/ });
    const odd = readNotebook('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": "x", "metadata": {}}]}', 'odd.ipynb');
    assert.match(odd.message ?? '', /outputs/);
    assert.equal(odd.content.cells.length, 1);
  });
});

describe('API paths', () => {
  test('normal paths are normalized', () => {
    assert.equal(checkApiPath(''), '');
    assert.equal(checkApiPath('a/b.ipynb'), 'a/b.ipynb');
    assert.equal(checkApiPath('a//b/'), 'a/b');
    assert.equal(apiPathFromUrl('with%20space/%C3%A9.c'), 'with space/é.c');
    assert.equal(apiPathFromUrl(undefined), '');
  });

  test('traversal, absolute paths, NUL and bad encodings are refused', () => {
    for (const p of ['..', 'a/../../b', './a', '/etc/passwd', '\\\\server\\share', 'C:\\x', 'C:/x']) assert.throws(() => checkApiPath(p), { kind: 'forbidden' }, p);
    assert.throws(() => checkApiPath('a\0b'), { kind: 'not-found' });
    assert.throws(() => apiPathFromUrl('%2e%2e/x'), { kind: 'forbidden' });
    assert.throws(() => apiPathFromUrl('a%2F..%2F..%2Fb'), { kind: 'forbidden' });
    assert.throws(() => apiPathFromUrl('%E0%A4%A'), { kind: 'bad-request' });
    assert.equal(apiPathFromUrl('%252e%252e'), '%2e%2e', 'decoded once only');
  });
});
