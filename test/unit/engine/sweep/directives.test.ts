// %sweep and %plot in a cell: parsed with the line they came from, errors name it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectiveError, parseCell } from '../../../../server/src/kernel/directives.js';
import { progressText } from '../../../../server/src/kernel/sweep-progress.js';

function fails(cell: string, line: number, message: RegExp): void {
  assert.throws(() => parseCell(cell), (e: unknown) => e instanceof DirectiveError && e.line === line && message.test(e.message));
}

describe('%sweep and %plot', () => {
  test('axes from several %sweep lines add up; the first line is kept for messages', () => {
    const c = parseCell('%sweep n=1,2 target=linux,kite\n%repeat 3\n%sweep hz=0,100 skip-missing\nint main(void){return 0;}');
    assert.deepEqual(c.directives.sweep, { axes: [{ name: 'n', values: ['1', '2'] }, { name: 'target', values: ['linux', 'kite'] }, { name: 'hz', values: ['0', '100'] }], skipMissing: true, line: 1 });
    assert.equal(c.source.split('\n')[3], 'int main(void){return 0;}');
  });
  test('bad sweeps name their line', () => {
    fails('%sweep\nint x;', 1, /needs at least one axis/);
    fails('%param n=1\n%sweep n\nint x;', 2, /must be written name=v1,v2/);
    fails('%sweep n=1\n%sweep n=2\nint x;', 2, /n is given twice/);
  });
  test('%plot choices', () => {
    const c = parseCell('%sweep n=1,2\n%plot x=n y=a,b color=target facet=metric logx logy mark=bar\nint x;');
    assert.deepEqual(c.directives.plot, { x: 'n', y: ['a', 'b'], color: 'target', facet: 'metric', logx: true, logy: true, mark: 'bar', line: 2 });
    fails('%plot mark=pie\nint x;', 1, /mark=pie is not valid; use line, point, bar/);
    fails('%plot size=3\nint x;', 1, /"size=3" is not understood/);
    fails('%plot x=n\n%plot y=t\nint x;', 2, /%plot is given twice/);
  });
  test('progress text', () => {
    assert.equal(progressText({ done: 12, total: 40, failed: 1, etaS: 20, stage: 'booting', resumed: 0 }, 'sweep'), 'sweep · 12/40 runs, 1 failed, ~20 s left');
    assert.equal(progressText({ done: 0, total: 4, failed: 0, etaS: null, stage: 'building', resumed: 2 }, 's'), 's · 0/4 runs, 2 resumed, building');
  });
});
