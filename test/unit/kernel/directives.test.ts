// Cell directives: what is accepted, what is refused (always naming the line),
// and the C source keeping the cell's own line numbers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DirectiveError, parseCell, tokenize } from '../../../server/src/kernel/directives.js';

function fails(cell: string, line: number, pattern: RegExp): void {
  assert.throws(
    () => parseCell(cell),
    (e: unknown) => {
      assert.ok(e instanceof DirectiveError, String(e));
      assert.equal(e.line, line, e.message);
      assert.match(e.message, new RegExp(`^line ${line}: `));
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('parseCell: accepted directives', () => {
  test('a cell without directives is all C, unchanged', () => {
    const cell = '#include <bootbook.h>\nint main(void) { return 0; }\n';
    const p = parseCell(cell);
    assert.equal(p.source, cell);
    assert.equal(p.hasCode, true);
    assert.equal(p.directiveCount, 0);
    assert.deepEqual(p.directives.params, {});
    assert.equal(p.directives.target, undefined);
  });

  test('every directive, with lines blanked so line numbers stay the same', () => {
    const cell = ['%target linux cpus=2 mem=512M', '%param n=4096 m=-3', '%repeat 3', '%clock icount', '%timeout 12', '#include <bootbook.h>', 'int main(void) { return 0; }'].join('\n');
    const p = parseCell(cell);
    assert.deepEqual(p.directives.target, { pack: 'linux', options: { cpus: '2', mem: '512M' }, line: 1 });
    assert.deepEqual(p.directives.params, { n: '4096', m: '-3' });
    assert.deepEqual(p.directives.paramLines, { n: 2, m: 2 });
    assert.equal(p.directives.repeat, 3);
    assert.equal(p.directives.clock, 'icount');
    assert.equal(p.directives.timeoutS, 12);
    assert.deepEqual(p.directives.lines, { target: 1, repeat: 3, clock: 4, timeout: 5 });
    const lines = p.source.split('\n');
    assert.equal(lines.length, 7);
    assert.deepEqual(lines.slice(0, 5), ['', '', '', '', '']);
    assert.equal(lines[5], '#include <bootbook.h>');
    assert.equal(p.directiveCount, 5);
  });

  test('arch= is kept apart from the options', () => {
    const p = parseCell('%target kite arch=riscv64 cpus=1\nint main(void){return 0;}');
    assert.deepEqual(p.directives.target, { pack: 'kite', arch: 'riscv64', options: { cpus: '1' }, line: 1 });
  });

  test('blank lines and // comments may sit among directives and are kept', () => {
    const cell = '// setup\n\n%param n=1\n   // more\n%repeat 2\n\nint main(void){return 0;}';
    const p = parseCell(cell);
    assert.deepEqual(p.source.split('\n'), ['// setup', '', '', '   // more', '', '', 'int main(void){return 0;}']);
    assert.equal(p.directives.repeat, 2);
  });

  test('several %param lines add up', () => {
    const p = parseCell('%param a=1\n%param b=2 c=3\nint x;');
    assert.deepEqual(p.directives.params, { a: '1', b: '2', c: '3' });
    assert.deepEqual(p.directives.paramLines, { a: 1, b: 2, c: 2 });
  });

  test('leading blanks before % and extra spaces between words', () => {
    const p = parseCell('   %target    linux     cpus=2   \n\t%repeat\t4\nint x;');
    assert.deepEqual(p.directives.target?.options, { cpus: '2' });
    assert.equal(p.directives.repeat, 4);
  });

  test('quoted values keep their blanks; a trailing // comment is ignored', () => {
    const p = parseCell('%target linux cmdline="quiet loglevel=3" // baseline\nint x;');
    assert.deepEqual(p.directives.target?.options, { cmdline: 'quiet loglevel=3' });
    const q = parseCell("%target linux cmdline='a b'\nint x;");
    assert.equal(q.directives.target?.options.cmdline, 'a b');
  });

  test('%timeout accepts fractions and an s suffix; %clock real', () => {
    assert.equal(parseCell('%timeout 2.5\nint x;').directives.timeoutS, 2.5);
    assert.equal(parseCell('%timeout 30s\nint x;').directives.timeoutS, 30);
    assert.equal(parseCell('%clock real\nint x;').directives.clock, 'real');
  });

  test('CRLF line endings', () => {
    const p = parseCell('%repeat 2\r\nint main(void){return 0;}\r\n');
    assert.equal(p.directives.repeat, 2);
    assert.equal(p.source.split('\n').length, 3);
  });

  test('a cell of only directives has no code; an empty cell neither', () => {
    assert.equal(parseCell('%param n=1\n\n').hasCode, false);
    assert.equal(parseCell('   \n\n').hasCode, false);
    assert.equal(parseCell('// just a comment').hasCode, false);
  });

  test('% inside the C part is C (modulo), not a directive', () => {
    const p = parseCell('int main(void) {\n  int a = 7\n  %b;\n  return a % 2;\n}');
    assert.equal(p.directiveCount, 0);
  });
});

describe('parseCell: refused directives name their line', () => {
  test('an unknown directive lists the valid ones', () => {
    fails('%frobnicate 3\nint x;', 1, /unknown directive %frobnicate; valid directives: %target, %param, %repeat, %clock, %timeout/);
  });
  test('a near miss gets a suggestion', () => fails('\n%parm n=1\nint x;', 2, /did you mean %param\?/));
  test('IPython-style magics are refused too', () => {
    fails('%%time\nint x;', 1, /valid directives/);
    fails('%\nint x;', 1, /is not a directive/);
  });
  test('%runner: qemu or slurm with its options; anything else names what is valid', () => {
    assert.deepEqual(parseCell('%runner qemu\nint x;').directives.runner, { kind: 'qemu' });
    assert.deepEqual(parseCell('%runner slurm partition=debug reservation=r1 account=a qos=q time=10 exclusive\nint x;').directives.runner, {
      kind: 'slurm',
      options: { partition: 'debug', reservation: 'r1', account: 'a', qos: 'q', time: '10', exclusive: true },
    });
    fails('%param n=1\n%runner x=1\nint x;', 2, /%runner x=1 is not valid; use %runner qemu \| %runner slurm/);
    fails('%runner slurm partiton=debug\nint x;', 1, /unknown slurm option "partiton"; valid: partition=/);
    fails('%runner slurm time=soon\nint x;', 1, /slurm time "soon" is not valid/);
    fails('%runner qemu\n%runner slurm\nint x;', 2, /%runner is given twice/);
  });
  test('%target needs a name first', () => {
    fails('%target\nint x;', 1, /%target needs a target name/);
    fails('%target cpus=2\nint x;', 1, /%target needs a target name/);
  });
  test('%target options must be name=value', () => fails('%target linux cpus\nint x;', 1, /option "cpus" must be written name=value/));
  test('%target option given twice', () => {
    fails('%target linux cpus=1 cpus=2\nint x;', 1, /option cpus is given twice/);
    fails('%target kite arch=x86_64 arch=riscv64\nint x;', 1, /option arch is given twice/);
  });
  test('%target given twice names both lines', () => fails('%target linux\n%target kite\nint x;', 2, /%target is given twice \(first on line 1\)/));
  test('%param must be name=value with an integer', () => {
    fails('%param n\nint x;', 1, /parameter "n" must be written name=value/);
    fails('%param =3\nint x;', 1, /must be written name=value/);
    fails('%param n=abc\nint x;', 1, /n=abc is not an integer/);
    fails('%param n=1.5\nint x;', 1, /not an integer/);
    fails('%param 9n=1\nint x;', 1, /parameter name "9n" is not valid/);
    fails('%param\nint x;', 1, /%param needs at least one value/);
  });
  test('%param given twice for the same name', () => fails('%param n=1\n%param n=2\nint x;', 2, /parameter n is given twice \(first on line 1\)/));
  test('%repeat must be 1..10000', () => {
    fails('%repeat 0\nint x;', 1, /%repeat 0 is not valid/);
    fails('%repeat 10001\nint x;', 1, /from 1 to 10000/);
    fails('%repeat two\nint x;', 1, /not valid/);
    fails('%repeat 1.5\nint x;', 1, /not valid/);
    fails('%repeat\nint x;', 1, /%repeat takes one value/);
    fails('%repeat 1 2\nint x;', 1, /%repeat takes one value/);
  });
  test('%clock must be real or icount', () => fails('%clock fast\nint x;', 1, /use real or icount/));
  test('%timeout must be positive and bounded', () => {
    fails('%timeout 0\nint x;', 1, /%timeout 0 is not valid/);
    fails('%timeout -1\nint x;', 1, /not valid/);
    fails('%timeout 1e9\nint x;', 1, /not valid/);
    fails('%timeout 90000\nint x;', 1, /at most 86400/);
  });
  test('a single-valued directive given twice', () => {
    fails('%repeat 2\n%repeat 3\nint x;', 2, /first on line 1/);
    fails('%clock real\n// c\n%clock icount\nint x;', 3, /%clock is given twice/);
  });
  test('an unterminated quote', () => fails('%target linux cmdline="quiet\nint x;', 1, /unterminated " quote/));
  test('a directive after the C has started must move to the top', () => {
    fails('int x;\n%param n=1\n', 2, /%param must be at the top of the cell/);
    fails('#include <bootbook.h>\n\n   %target linux\n', 3, /at the top of the cell/);
    fails('int x;\n%plot x=n\n', 2, /at the top/);
  });
  test('the error carries the offending line text', () => {
    try {
      parseCell('\n\n%bogus thing\nint x;');
      assert.fail('no error');
    } catch (e) {
      assert.ok(e instanceof DirectiveError);
      assert.equal(e.lineText, '%bogus thing');
      assert.equal(e.line, 3);
    }
  });
});

describe('tokenize', () => {
  const fail = (why: string): never => {
    throw new Error(why);
  };
  test('splits on blanks, honours quotes, stops at //', () => {
    assert.deepEqual(tokenize(' a  b=c  "d e"  // x y', fail), ['a', 'b=c', 'd e']);
    assert.deepEqual(tokenize('k="a b"c', fail), ['k=a bc']);
    assert.deepEqual(tokenize('k=""', fail), ['k=']);
    assert.deepEqual(tokenize('path=a//b', fail), ['path=a//b']);
    assert.deepEqual(tokenize('', fail), []);
  });
});
