// ${name} substitution in pack recipes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, expandAll } from '../../../server/src/engine/template.js';

const vars = { pack: '/packs/linux', program: '/tmp/b/program.c', 'clock.tsc_khz': '2995200', cpus: '2' };

describe('expand', () => {
  test('known variables, several per string, dotted names', () => {
    assert.equal(expand('${pack}/runtime/bootbook.c', vars, 'w'), '/packs/linux/runtime/bootbook.c');
    assert.equal(expand('-smp ${cpus} tsc_early_khz=${clock.tsc_khz} ${cpus}', vars, 'w'), '-smp 2 tsc_early_khz=2995200 2');
  });

  test('text without ${...} is unchanged', () => {
    for (const text of ['', 'plain', '$pack', '${}', '$ {pack}', '${pack']) assert.equal(expand(text, vars, 'w'), text);
  });

  test('substituted values are not expanded again', () => {
    assert.equal(expand('${a}', { a: '${b}', b: 'no' }, 'w'), '${b}');
  });

  test('an unknown variable names where it was and the known names', () => {
    assert.throws(
      () => expand('${pack}/${prgram}', vars, 'kernels/linux/pack.json build.x86_64.steps[0].compile'),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.equal(
          e.message,
          'kernels/linux/pack.json build.x86_64.steps[0].compile: unknown variable ${prgram} (known: clock.tsc_khz, cpus, pack, program)',
        );
        return true;
      },
    );
  });
});

describe('expandAll', () => {
  test('expands each word; an error names the where', () => {
    assert.deepEqual(expandAll(['sh', '${pack}/prepare.sh', '-j${cpus}'], vars, 'w'), ['sh', '/packs/linux/prepare.sh', '-j2']);
    assert.throws(() => expandAll(['ok', '${nope}'], vars, 'prepare.run'), /^BootbookError: prepare\.run: unknown variable \$\{nope\}/);
  });
});
