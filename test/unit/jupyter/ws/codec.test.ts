// Our socket codec against JupyterLab's own (@jupyterlab/services serialize /
// deserialize): what the front end encodes we decode, and the other way round.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as jl from '@jupyterlab/services/lib/kernel/serialize.js';
import { CodecError, decodeJson, decodeV1, encodeJson, encodeV1, V1_PROTOCOL } from '../../../../server/src/jupyter/ws/codec.js';
import type { JupyterMessage } from '../../../../server/src/kernel/messages.js';

const serialize = jl.serialize as (m: unknown, p?: string) => ArrayBuffer | string;
const deserialize = jl.deserialize as (d: ArrayBuffer, p?: string) => JupyterMessage;

function message(channel: 'shell' | 'iopub', content: Record<string, unknown>): JupyterMessage {
  return {
    channel,
    header: { msg_id: 'id-1', msg_type: 'execute_request', session: 's', username: 'u', date: '2026-01-01T00:00:00Z', version: '5.3' },
    parent_header: { msg_id: 'p', msg_type: 'x', session: 's', username: 'u', date: '2026-01-01T00:00:00Z', version: '5.3' },
    metadata: { deletedCells: [], cellId: 'c1' },
    content,
    buffers: [],
  } as unknown as JupyterMessage;
}

test('v1: a frame JupyterLab encodes decodes to the same message', () => {
  const m = message('shell', { code: 'int main(void){ return 0; } // é ✓', silent: false });
  (m as { buffers: ArrayBuffer[] }).buffers = [new Uint8Array([9, 8]).buffer, new Uint8Array([7]).buffer];
  const frame = serialize(m, V1_PROTOCOL) as ArrayBuffer;
  const decoded = decodeV1(Buffer.from(frame));
  assert.deepEqual({ ...decoded, buffers: [] }, { ...m, buffers: [] });
  assert.deepEqual(decoded.buffers?.map((b) => [...new Uint8Array(b as ArrayBuffer)]), [[9, 8], [7]]);
});

test('v1: a frame we encode is read by JupyterLab, buffers included', () => {
  const m = message('iopub', { name: 'stdout', text: 'hello\n' });
  (m as { buffers: ArrayBuffer[] }).buffers = [new Uint8Array([1, 2, 3]).buffer];
  const buf = encodeV1(m);
  const back = deserialize(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer, V1_PROTOCOL);
  assert.equal(back.channel, 'iopub');
  assert.deepEqual(back.content, m.content);
  assert.deepEqual(back.header, m.header);
  assert.equal(back.buffers?.length, 1);
  assert.deepEqual([...new Uint8Array((back.buffers![0] as DataView).buffer)], [1, 2, 3]);
});

test('legacy JSON: round trip with JupyterLab, and a missing channel means shell', () => {
  const m = message('shell', { code: '1' });
  const text = serialize(m) as string;
  assert.deepEqual(decodeJson(text).content, { code: '1' });
  assert.deepEqual(deserialize(encodeJson(m) as unknown as ArrayBuffer).header, m.header);
  const { channel: _c, ...noChannel } = m;
  assert.equal(decodeJson(JSON.stringify(noChannel)).channel, 'shell');
});

test('bad frames are refused with a CodecError, never a crash', () => {
  assert.throws(() => decodeV1(Buffer.alloc(4)), CodecError);
  const ok = encodeV1(message('shell', {}));
  const broken = Buffer.from(ok);
  broken.writeBigUInt64LE(BigInt(10 ** 9), 16); // an offset past the end
  assert.throws(() => decodeV1(broken), CodecError);
  assert.throws(() => decodeJson('{not json'), CodecError);
  assert.throws(() => decodeJson(JSON.stringify({ channel: 'shell', header: {} })), /msg_id and msg_type/);
  assert.throws(() => decodeJson(JSON.stringify({ channel: 'video', header: { msg_id: 'a', msg_type: 'b' } })), /unknown channel/);
});
