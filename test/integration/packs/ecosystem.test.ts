// The "done when", end to end with the real command line: a pack made with
// `packs new`, committed to a local git repository, listed in a local index, found
// with `packs search`, installed with `packs add NAME`, trusted, passing `packs
// test`, and running a notebook cell (`bootbook execute`). No network.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HELLO, bootbook, git, sandbox } from './helpers.js';

describe('the pack ecosystem, end to end', { concurrency: 1 }, () => {
  const box = sandbox();
  const src = join(box.root, 'src');
  const repo = join(src, 'ecopack');
  const index = join(box.root, 'index.json');

  test('packs new, commit, index make: the author publishes', async () => {
    let r = await bootbook(box, 'packs', 'new', 'ecopack', '--arch', 'x86_64', '--dir', src);
    assert.equal(r.code, 0, r.stderr);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'ecopack: scaffolded by bootbook packs new');
    r = await bootbook(box, 'packs', 'index', 'make', repo, '--source', `file://${repo}`);
    assert.equal(r.code, 0, r.stderr);
    const entry = JSON.parse(r.stdout).packs[0];
    assert.equal(entry.commit, git(repo, 'rev-parse', 'HEAD'));
    writeFileSync(index, JSON.stringify({ title: 'a local index', packs: [entry] }, null, 2));
  });

  test('index add, search, add by name: the user finds and installs it', async () => {
    let r = await bootbook(box, 'packs', 'index', 'add', index);
    assert.equal(r.code, 0, r.stderr);
    r = await bootbook(box, 'packs', 'search', 'eco', '--json');
    assert.deepEqual(JSON.parse(r.stdout).packs.map((p: { name: string; installed: string }) => [p.name, p.installed]), [['ecopack', 'no']]);
    r = await bootbook(box, 'packs', 'add', 'ecopack');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /content hash matches/);
    r = await bootbook(box, 'packs', 'trust', 'ecopack');
    assert.equal(r.code, 0, r.stderr);
  });

  test('the installed pack passes packs test (conformance and its own tests)', async () => {
    const r = await bootbook(box, 'packs', 'test', 'ecopack');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const m = /(\d+) passed, (\d+) failed/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.ok(Number(m[1]) >= 10, `a real suite ran (${m[1]} tests)`);
    assert.equal(m[2], '0');
  });

  test('a notebook on it runs a cell', async () => {
    const file = join(box.root, 'eco.ipynb');
    const cell = { cell_type: 'code', id: 'eco1', metadata: {}, source: HELLO, outputs: [], execution_count: null };
    writeFileSync(file, JSON.stringify({ cells: [cell], metadata: { kernelspec: { name: 'ecopack-x86_64', display_name: 'ecopack', language: 'c' } }, nbformat: 4, nbformat_minor: 5 }));
    const r = await bootbook(box, 'execute', file);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const outputs = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).cells[0].outputs);
    assert.match(outputs, /answer/);
    assert.match(outputs, /42/);
  });
});
