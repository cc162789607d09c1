import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkInterfaces, includedHeaders, interfaceOf } from '../../../server/src/engine/interfaces.js';
import { BootbookError } from '../../../server/src/engine/errors.js';
import type { Pack } from '../../../server/src/engine/packs/types.js';

function pack(name: string, interfaces: string[]): Pack {
  return { manifest: { name, version: '1', summary: name, architectures: ['x86_64'], interfaces, options: {}, tools: {}, build: {}, boot: {} }, dir: '/p', hash: '' };
}
const packs = new Map([['linux', pack('linux', ['bootbook/1', 'posix'])], ['kite', pack('kite', ['bootbook/1', 'kite/1'])]]);

test('headers map to interfaces; standard C headers need none', () => {
  assert.equal(interfaceOf('kite.h'), 'kite/1');
  assert.equal(interfaceOf('sys/mman.h'), 'posix');
  assert.equal(interfaceOf('pthread.h'), 'posix');
  assert.equal(interfaceOf('stdio.h'), undefined);
  assert.deepEqual(includedHeaders('#include <bootbook.h>\n  # include "kite.h"\nint x;'), [{ header: 'bootbook.h', line: 1 }, { header: 'kite.h', line: 2 }]);
});

test('a header of a missing interface is refused with its line and the targets that have it', () => {
  assert.throws(() => checkInterfaces('#include <bootbook.h>\n#include <kite.h>\n', 'cell', packs.get('linux')!, packs), (e: unknown) => {
    assert.ok(e instanceof BootbookError);
    assert.equal(e.code, 'missing-interface');
    assert.equal(e.message, 'cell:2: <kite.h> needs the kite/1 interface, which linux does not provide; targets that have it: kite');
    return true;
  });
  assert.throws(() => checkInterfaces('#include <unistd.h>', 'p.c', packs.get('kite')!, packs), /targets that have it: linux/);
  assert.doesNotThrow(() => checkInterfaces('#include <unistd.h>\n#include <stdio.h>', 'p.c', packs.get('linux')!, packs));
});
