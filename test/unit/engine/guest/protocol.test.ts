// The guest protocol parser against golden files: each golden/NAME.log is raw
// console bytes as a guest prints them, golden/NAME.json the expected
// parseGuestOutput() result, and an optional golden/NAME.cap the console cap.
//
// To regenerate the .json files after a deliberate change to the parser:
//   npx tsc -p . && UPDATE_GOLDEN=1 node --test dist/test/unit/engine/guest/protocol.test.js
// then read the diff by eye before committing it: with UPDATE_GOLDEN=1 the golden
// tests write instead of compare, so they cannot fail.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../../server/src/engine/paths.js';
import {
  GuestOutputParser,
  decodeMarker,
  parseGuestOutput,
  type GuestEvent,
  type ParsedOutput,
} from '../../../../server/src/engine/guest/protocol.js';

// Fixtures live in the source tree (the tests run compiled from dist/).
const GOLDEN = join(repoRoot, 'test/unit/engine/guest/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const cases = readdirSync(GOLDEN)
  .filter((f) => f.endsWith('.log'))
  .map((f) => f.slice(0, -'.log'.length))
  .sort();

function capOf(name: string): number | undefined {
  const file = join(GOLDEN, `${name}.cap`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

function logBytes(name: string): Buffer {
  return readFileSync(join(GOLDEN, `${name}.log`));
}

/** JSON cannot hold NaN or infinities: the goldens write them as {"$float": "NaN" | "Infinity" | "-Infinity"}. */
function canonical(result: ParsedOutput): string {
  const replacer = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $float: String(v) } : v);
  return JSON.stringify(result, replacer, 2) + '\n';
}

function feedInChunks(bytes: Buffer, sizes: (i: number) => number, cap?: number): ParsedOutput {
  const p = new GuestOutputParser(cap);
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes(i));
    p.push(bytes.subarray(at, at + n));
    at += n;
  }
  return p.finish();
}

describe('golden console logs', () => {
  test('every expected case has a golden log', () => {
    for (const name of ['crash', 'inline-marker', 'linux-run', 'malformed', 'nonfinite', 'truncated']) {
      assert.ok(cases.includes(name), `missing ${name}.log in ${GOLDEN}`);
    }
  });

  for (const name of cases) {
    test(`${name}.log parses to ${name}.json`, () => {
      const actual = parseGuestOutput(logBytes(name).toString('utf8'), capOf(name));
      const file = join(GOLDEN, `${name}.json`);
      if (UPDATE) {
        writeFileSync(file, canonical(actual));
        return;
      }
      assert.ok(existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 and check it by eye`);
      assert.deepStrictEqual(JSON.parse(canonical(actual)), JSON.parse(readFileSync(file, 'utf8')));
    });

    test(`${name}.log fed byte by byte and in odd chunks gives the same result`, () => {
      const bytes = logBytes(name);
      const cap = capOf(name);
      const whole = parseGuestOutput(bytes.toString('utf8'), cap);
      if (!whole.console.truncated) assert.equal(whole.console.totalBytes, Buffer.byteLength(whole.console.text));
      assert.deepStrictEqual(feedInChunks(bytes, () => 1, cap), whole);
      assert.deepStrictEqual(feedInChunks(bytes, (i) => [3, 7, 1, 13, 2][i % 5]!, cap), whole);
      const oneBuffer = new GuestOutputParser(cap);
      oneBuffer.push(bytes);
      assert.deepStrictEqual(oneBuffer.finish(), whole);
    });
  }

  test('the CRLF log really has carriage returns and none reach the console', () => {
    const bytes = logBytes('linux-run');
    assert.ok(bytes.includes('\r\n'), 'linux-run.log should have CRLF line endings');
    const out = parseGuestOutput(bytes.toString('utf8'));
    assert.ok(!out.console.text.includes('\r'));
  });

  test('a multi-byte character split across pushes is decoded whole', () => {
    const bytes = logBytes('linux-run');
    const penguin = bytes.indexOf(Buffer.from('🐧'));
    assert.ok(penguin > 0, 'linux-run.log should contain a 4-byte character');
    const p = new GuestOutputParser();
    // split inside the penguin: 1 byte, then 2, then the rest
    p.push(bytes.subarray(0, penguin + 1));
    p.push(bytes.subarray(penguin + 1, penguin + 3));
    p.push(bytes.subarray(penguin + 3));
    const out = p.finish();
    assert.ok(out.console.text.includes('héllo from the guest → ✓ 🐧\n'), out.console.text);
    assert.ok(!out.console.text.includes('\uFFFD'));
    assert.deepStrictEqual(out, parseGuestOutput(bytes.toString('utf8')));
  });

  test('non-finite metric values decode to NaN and infinities', () => {
    const { events } = parseGuestOutput(logBytes('nonfinite').toString('utf8'));
    const values = new Map(events.flatMap((e) => (e.k === 'metric' ? [[e.name, e.value] as const] : [])));
    assert.ok(Number.isNaN(values.get('ratio')));
    assert.equal(values.get('speedup'), Infinity);
    assert.equal(values.get('delta'), -Infinity);
    assert.equal(values.get('zero'), 0);
  });

  test('a truncated console keeps the real head and tail and counts what it left out', () => {
    const text = logBytes('truncated').toString('utf8');
    const cap = capOf('truncated')!;
    const full = parseGuestOutput(text).console;
    const cut = parseGuestOutput(text, cap).console;
    assert.equal(full.truncated, false);
    assert.equal(cut.truncated, true);
    assert.equal(cut.totalBytes, full.totalBytes);
    assert.equal(full.totalBytes, Buffer.byteLength(full.text));
    const m = /^([\s\S]*)\n\[\.\.\. (\d+) bytes of console output omitted \.\.\.\]\n([\s\S]*)$/.exec(cut.text);
    assert.ok(m, cut.text);
    const [, head, omitted, tail] = m;
    assert.equal(head!.length, cap / 2);
    assert.ok(full.text.startsWith(head!));
    assert.ok(full.text.endsWith(tail!));
    assert.ok(tail!.length > 0 && tail!.length <= cap / 2);
    assert.equal(Number(omitted), full.totalBytes - Buffer.byteLength(head!) - Buffer.byteLength(tail!));
  });
});

describe('GuestOutputParser callbacks', () => {
  test('onEvent and onText see events and console text as they come', () => {
    const events: GuestEvent[] = [];
    const texts: string[] = [];
    const p = new GuestOutputParser(undefined, (e) => events.push(e), (t) => texts.push(t));
    p.push('boot\r\n@@bb {"k":"hello","proto":1,"pack":"linux"}\n');
    assert.deepStrictEqual(events, [{ k: 'hello', proto: 1, pack: 'linux' }]);
    assert.deepStrictEqual(texts, ['boot\n']);
    p.push('x=1 @@bb {"k":"exit","status":0}\ntail');
    assert.equal(events.length, 2);
    assert.deepStrictEqual(texts, ['boot\n', 'x=1 \n']);
    const out = p.finish();
    assert.deepStrictEqual(texts, ['boot\n', 'x=1 \n', 'tail']);
    assert.equal(out.console.text, texts.join(''));
    assert.deepStrictEqual(out.events, events);
  });

  test('a line longer than 64 KiB without a newline is given up as console text', () => {
    const p = new GuestOutputParser(1 << 20);
    p.push('x'.repeat(70_000));
    p.push('@@bb {"k":"exit","status":0}\n');
    const out = p.finish();
    assert.equal(out.console.text, 'x'.repeat(70_000));
    assert.deepStrictEqual(out.events, [{ k: 'exit', status: 0 }]);
  });
});

describe('decodeMarker', () => {
  const errors: [string, string][] = [
    ['{"k":"metric",', 'marker is not valid JSON'],
    ['', 'marker is not valid JSON'],
    ['null', 'marker is not a JSON object'],
    ['[1,2]', 'marker is not a JSON object'],
    ['"hello"', 'marker is not a JSON object'],
    ['42', 'marker is not a JSON object'],
    ['{"k":"param","name":"n"}', 'param marker needs name and value'],
    ['{"k":"param","value":3}', 'param marker needs name and value'],
    ['{"k":"metric","name":"","value":1}', 'metric marker needs a name and a numeric value'],
    ['{"k":"metric","name":"x","value":"12"}', 'metric marker needs a name and a numeric value'],
    ['{"k":"metric","name":"x"}', 'metric marker needs a name and a numeric value'],
    ['{"k":"exit"}', 'exit marker needs an integer status'],
    ['{"k":"exit","status":"0"}', 'exit marker needs an integer status'],
    ['{"k":"exit","status":1.5}', 'exit marker needs an integer status'],
    ['{"k":"teapot"}', 'unknown marker kind "teapot"'],
    ['{"kind":"exit","status":0}', 'unknown marker kind undefined'],
  ];
  for (const [json, reason] of errors) {
    test(`${JSON.stringify(json)} -> ${reason}`, () => {
      assert.equal(decodeMarker(json), reason);
    });
  }

  test('valid markers decode with their defaults filled in', () => {
    assert.deepStrictEqual(decodeMarker('{"k":"hello","proto":1}'), { k: 'hello', proto: 1, pack: undefined });
    assert.deepStrictEqual(decodeMarker('{"k":"param","name":"n","value":-3}'), { k: 'param', name: 'n', value: -3, default: false });
    assert.deepStrictEqual(decodeMarker('{"k":"param","name":"n","value":7,"default":true}'), { k: 'param', name: 'n', value: 7, default: true });
    assert.deepStrictEqual(decodeMarker('{"k":"metric","name":"t","value":1.5}'), { k: 'metric', name: 't', value: 1.5, unit: '' });
    assert.deepStrictEqual(decodeMarker(' {"k":"exit","status":-1} '), { k: 'exit', status: -1 });
    assert.deepStrictEqual(decodeMarker('{"k":"crash"}'), { k: 'crash', reason: 'unknown' });
  });
});
