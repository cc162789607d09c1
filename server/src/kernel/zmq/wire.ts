// The Jupyter wire format over ZeroMQ (messaging spec, "The Wire Protocol"):
//
//   [routing ids...] "<IDS|MSG>" signature header parent_header metadata content [buffers...]
//
// The signature is the hex HMAC of the four JSON frames, in that order, with the
// key and scheme of the connection file ("hmac-sha256"); an empty key means no
// signing (empty signature, nothing checked). A message whose signature does not
// match is dropped by the caller, as ipykernel does. Transport-free: frames in,
// frames out; the sockets live in kernel-process.ts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel, JupyterMessage } from '../messages.js';

export const DELIMITER = Buffer.from('<IDS|MSG>', 'utf8');

export class WireError extends Error {}

export interface Signer {
  /** Hex digest of the four JSON frames ('' without a key). */
  sign(parts: readonly Buffer[]): string;
}

/** A signer for a connection file's key and signature_scheme ("hmac-sha256"; empty key: unsigned). */
export function makeSigner(key: string, scheme = 'hmac-sha256'): Signer {
  if (!key) return { sign: () => '' };
  const m = /^hmac-(sha256|sha384|sha512|sha1|md5)$/.exec(scheme);
  if (!m) throw new WireError(`unsupported signature_scheme ${JSON.stringify(scheme)} (expected hmac-sha256)`);
  const algorithm = m[1]!;
  return {
    sign(parts) {
      const h = createHmac(algorithm, key);
      for (const p of parts) h.update(p);
      return h.digest('hex');
    },
  };
}

function jsonFrame(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value ?? {}), 'utf8');
}

/** A message as frames, after the routing ids (which the caller prepends). */
export function serialize(msg: JupyterMessage, signer: Signer, ids: readonly Buffer[] = []): Buffer[] {
  const parts = [jsonFrame(msg.header), jsonFrame(msg.parent_header), jsonFrame(msg.metadata), jsonFrame(msg.content)];
  const buffers = (msg.buffers ?? []).map((b) =>
    Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array((b as ArrayBufferView).buffer, (b as ArrayBufferView).byteOffset, (b as ArrayBufferView).byteLength)),
  );
  return [...ids, DELIMITER, Buffer.from(signer.sign(parts), 'utf8'), ...parts, ...buffers];
}

function parseJson(frame: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8') || '{}');
  } catch {
    throw new WireError(`${what} is not JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new WireError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Frames received on `channel` -> the routing ids and the message. Throws
 * WireError on a missing delimiter, a bad signature or a malformed part.
 */
export function deserialize(frames: readonly Buffer[], signer: Signer, channel: Channel): { ids: Buffer[]; msg: JupyterMessage } {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new WireError('no <IDS|MSG> delimiter');
  if (frames.length < at + 6) throw new WireError(`too few frames after the delimiter (${frames.length - at - 1}, need 5)`);
  const ids = frames.slice(0, at).map((f) => Buffer.from(f));
  const signature = frames[at + 1]!;
  const parts = frames.slice(at + 2, at + 6) as Buffer[];
  const expected = Buffer.from(signer.sign(parts), 'utf8');
  if (expected.length > 0 && (signature.length !== expected.length || !timingSafeEqual(signature, expected))) {
    throw new WireError('bad signature');
  }
  const header = parseJson(parts[0]!, 'header');
  if (typeof header.msg_id !== 'string' || typeof header.msg_type !== 'string') throw new WireError('header needs msg_id and msg_type');
  const buffers = frames.slice(at + 6).map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);
  const msg = {
    channel,
    header,
    parent_header: parseJson(parts[1]!, 'parent_header'),
    metadata: parseJson(parts[2]!, 'metadata'),
    content: parseJson(parts[3]!, 'content'),
    buffers,
  } as unknown as JupyterMessage;
  return { ids, msg };
}
