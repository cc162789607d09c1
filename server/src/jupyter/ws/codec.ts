// The two encodings of kernel messages on a WebSocket, as jupyter_server speaks them:
// - `v1.kernel.websocket.jupyter.org` (binary frames): u64le count n, then n u64le
//   offsets; the bytes between offsets are the channel name, header, parent_header,
//   metadata, content (JSON) and any binary buffers; the last offset is the end.
// - legacy (no subprotocol, text frames): one JSON object with a `channel` field.
import type { Channel, JupyterMessage } from '../../kernel/messages.js';

export const V1_PROTOCOL = 'v1.kernel.websocket.jupyter.org';

const CHANNELS: readonly Channel[] = ['shell', 'control', 'iopub', 'stdin'];

export class CodecError extends Error {}

function asChannel(name: unknown): Channel {
  // Some clients (jupyter_server's gateway client) omit the channel: that means shell.
  if (name === undefined || name === null || name === '') return 'shell';
  if (typeof name === 'string' && (CHANNELS as readonly string[]).includes(name)) return name as Channel;
  throw new CodecError(`unknown channel ${JSON.stringify(name)}`);
}

export function encodeV1(msg: JupyterMessage): Buffer {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p ?? {}), 'utf8'));
  for (const b of msg.buffers ?? []) parts.push(Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : (b as ArrayBufferView as Uint8Array)));
  const channel = Buffer.from(msg.channel ?? 'iopub', 'utf8');
  const count = parts.length + 2;
  const offsets: number[] = [8 * (1 + count)];
  offsets.push(offsets[0]! + channel.length);
  for (const p of parts) offsets.push(offsets.at(-1)! + p.length);
  const head = Buffer.alloc(8 * (1 + count));
  head.writeBigUInt64LE(BigInt(count), 0);
  offsets.forEach((o, i) => head.writeBigUInt64LE(BigInt(o), 8 * (i + 1)));
  return Buffer.concat([head, channel, ...parts]);
}

export function decodeV1(data: Buffer): JupyterMessage {
  if (data.length < 8) throw new CodecError('frame too short');
  const count = Number(data.readBigUInt64LE(0));
  if (count < 6 || count > 1024 || data.length < 8 * (1 + count)) throw new CodecError(`bad offset count ${count}`);
  const offsets = Array.from({ length: count }, (_, i) => Number(data.readBigUInt64LE(8 * (i + 1))));
  for (let i = 1; i < count; i++) {
    if (offsets[i]! < offsets[i - 1]! || offsets[i]! > data.length) throw new CodecError('offsets out of order or past the frame');
  }
  const slice = (i: number) => data.subarray(offsets[i]!, offsets[i + 1]!);
  const json = (i: number): unknown => {
    try {
      return JSON.parse(slice(i).toString('utf8') || '{}');
    } catch {
      throw new CodecError(`part ${i} is not JSON`);
    }
  };
  const buffers: ArrayBuffer[] = [];
  for (let i = 5; i < count - 1; i++) {
    const b = slice(i);
    buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);
  }
  return checkShape({
    channel: asChannel(slice(0).toString('utf8')),
    header: json(1),
    parent_header: json(2),
    metadata: json(3),
    content: json(4),
    buffers,
  });
}

export function encodeJson(msg: JupyterMessage): string {
  const { buffers: _buffers, ...rest } = msg;
  return JSON.stringify({ ...rest, buffers: [] });
}

export function decodeJson(text: string): JupyterMessage {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CodecError('message is not JSON');
  }
  if (!o || typeof o !== 'object') throw new CodecError('message is not a JSON object');
  return checkShape({ ...o, channel: asChannel(o.channel), buffers: [] });
}

function checkShape(o: Record<string, unknown>): JupyterMessage {
  const header = o.header as Record<string, unknown> | undefined;
  if (!header || typeof header !== 'object' || typeof header.msg_id !== 'string' || typeof header.msg_type !== 'string') {
    throw new CodecError('message header needs msg_id and msg_type');
  }
  if (o.content === undefined || typeof o.content !== 'object') o.content = {};
  if (!o.metadata || typeof o.metadata !== 'object') o.metadata = {};
  if (!o.parent_header || typeof o.parent_header !== 'object') o.parent_header = {};
  return o as unknown as JupyterMessage;
}
