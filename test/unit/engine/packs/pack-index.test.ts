// Pack index parsing and validation (kernels/pack-index.schema.json), search
// matching, sources relative to the index file, and the configured-indexes file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { addIndex, configuredIndexes, indexesFile, matchEntries, parseIndex, readIndex, removeIndex, type IndexEntry } from '../../../../server/src/engine/packs/pack-index.js';

const entry = (over: Partial<IndexEntry> = {}): IndexEntry => ({
  name: 'tiny',
  summary: 'a tiny test kernel',
  source: 'https://example.org/tiny.git',
  commit: 'a'.repeat(40),
  hash: 'b'.repeat(64),
  architectures: ['x86_64'],
  interfaces: ['bootbook/1'],
  ...over,
});

describe('pack index format', () => {
  test('a valid index parses', () => {
    const idx = parseIndex({ title: 'mine', packs: [entry(), entry({ name: 'other', path: 'kernels/other', ref: 'v2' })] }, 'idx.json');
    assert.equal(idx.packs.length, 2);
  });

  test('each mistake is named with its place, and the format file is pointed at', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /\(top level\): must have required property 'packs'/],
      [{ packs: [entry({ hash: 'xyz' })] }, /packs\.0\.hash: must match pattern/],
      [{ packs: [{ ...entry(), colour: 'red' }] }, /packs\.0: must NOT have additional properties "colour"/],
      [{ packs: [entry({ architectures: ['sparc' as never] })] }, /packs\.0\.architectures\.0: must be equal to one of the allowed values/],
      [{ packs: [entry({ name: 'Bad Name' })] }, /packs\.0\.name: must match pattern/],
      [{ packs: [entry({ path: '../outside' })] }, /packs\.0\.path: must match pattern/],
      [{ packs: [entry(), entry()] }, /lists pack "tiny" twice/],
    ];
    for (const [data, re] of cases) {
      assert.throws(() => parseIndex(data, 'idx.json'), (e: Error & { hint?: string }) => {
        assert.match(e.message, /pack index idx\.json/);
        assert.match(e.message, re);
        return true;
      });
    }
  });

  test('search matches name, summary, interfaces and architectures, ignoring case', () => {
    const list = [entry(), entry({ name: 'posixy', summary: 'unix-like', interfaces: ['posix'], architectures: ['riscv64'] })];
    assert.deepEqual(matchEntries(list, 'TINY').map((e) => e.name), ['tiny']);
    assert.deepEqual(matchEntries(list, 'posix').map((e) => e.name), ['posixy']);
    assert.deepEqual(matchEntries(list, 'riscv').map((e) => e.name), ['posixy']);
    assert.deepEqual(matchEntries(list, '').map((e) => e.name), ['tiny', 'posixy']);
    assert.deepEqual(matchEntries(list, 'nothing'), []);
  });
});

describe('index files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootbook-index-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

  test('a relative folder source is relative to the index file; URLs stay as they are', async () => {
    const file = join(dir, 'index.json');
    writeFileSync(file, JSON.stringify({ packs: [entry({ name: 'a', source: 'repos/a.git' }), entry({ name: 'b', source: 'file:///x/b.git' })] }));
    const idx = await readIndex(file);
    assert.equal(idx.packs[0]!.source, join(dir, 'repos/a.git'));
    assert.equal(idx.packs[1]!.source, 'file:///x/b.git');
  });

  test('a missing or non-JSON index is a clear error', async () => {
    await assert.rejects(readIndex(join(dir, 'none.json')), /pack index .*none\.json does not exist/);
    writeFileSync(join(dir, 'broken.json'), '{"packs": [');
    await assert.rejects(readIndex(join(dir, 'broken.json')), /pack index .*broken\.json is not JSON/);
  });

  test('configured indexes: add (checked, absolute, once), list, remove', async () => {
    const config = join(dir, 'config');
    assert.deepEqual(configuredIndexes(config), []);
    const file = join(dir, 'index.json');
    const r = await addIndex(file, config);
    assert.equal(r.packs, 2);
    await addIndex(file, config);
    assert.deepEqual(configuredIndexes(config), [file]);
    assert.deepEqual(JSON.parse(readFileSync(indexesFile(config), 'utf8')), { indexes: [file] });
    await assert.rejects(addIndex(join(dir, 'broken.json'), config), /is not JSON/);
    assert.deepEqual(configuredIndexes(config), [file], 'a broken index is not added');
    assert.throws(() => removeIndex(join(dir, 'other.json'), config), /no configured pack index .*other\.json; configured: .*index\.json/);
    removeIndex(file, config);
    assert.deepEqual(configuredIndexes(config), []);
    writeFileSync(indexesFile(config), '{"indexes": "oops"}');
    assert.throws(() => configuredIndexes(config), /should hold \{"indexes"/);
  });
});
