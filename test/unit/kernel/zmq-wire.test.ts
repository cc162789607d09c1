// The ZeroMQ wire format (kernel/zmq/wire.ts) and connection files (connection.ts):
// framing around <IDS|MSG>, HMAC signing as jupyter_client computes it, and what
// happens to bad messages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpoint, parseConnection } from '../../../server/src/kernel/zmq/connection.js';
import { DELIMITER, deserialize, makeSigner, serialize, WireError } from '../../../server/src/kernel/zmq/wire.js';
import { makeMessage } from '../../../server/src/kernel/messages.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('wire signing', () => {
  test('the HMAC-SHA256 of the four JSON frames, as jupyter_client Session.sign computes it', () => {
    // Python: Session(key=b'secret-key').sign([header, b'{}', b'{}', b'{}'])
    const parts = [b('{"msg_id":"a","msg_type":"kernel_info_request"}'), b('{}'), b('{}'), b('{}')];
    assert.equal(makeSigner('secret-key').sign(parts), 'e8daa688bf116b5407d8b00b4f8b7b759f68e988c8649d4f731f14236f8b7d7e');
  });

  test('an empty key signs nothing and checks nothing', () => {
    const s = makeSigner('');
    assert.equal(s.sign([b('x')]), '');
    const frames = [DELIMITER, b('whatever'), b('{"msg_id":"1","msg_type":"kernel_info_request"}'), b('{}'), b('{}'), b('{}')];
    assert.equal(deserialize(frames, s, 'shell').msg.header.msg_type, 'kernel_info_request');
  });

  test('an unknown signature scheme is refused', () => {
    assert.throws(() => makeSigner('k', 'rot13'), WireError);
  });
});

describe('framing', () => {
  const signer = makeSigner('k3y');

  test('serialize then deserialize keeps the routing ids, the parts and the buffers', () => {
    const parent = makeMessage('shell', 'execute_request', { code: 'x' }, undefined, 's');
    const msg = makeMessage('shell', 'execute_reply', { status: 'ok' }, parent, 'kernel-session', { m: 1 });
    msg.buffers = [new Uint8Array([1, 2, 3]).buffer];
    const ids = [b('client-1'), b('client-2')];
    const frames = serialize(msg, signer, ids);
    assert.deepEqual(frames.slice(0, 3).map(String), ['client-1', 'client-2', '<IDS|MSG>']);
    assert.equal(frames.length, 2 + 1 + 1 + 4 + 1);
    const back = deserialize(frames, signer, 'shell');
    assert.deepEqual(back.ids.map(String), ['client-1', 'client-2']);
    assert.equal(back.msg.channel, 'shell');
    assert.deepEqual(back.msg.header, msg.header);
    assert.deepEqual(back.msg.parent_header, msg.parent_header);
    assert.deepEqual(back.msg.metadata, { m: 1 });
    assert.deepEqual(back.msg.content, { status: 'ok' });
    assert.deepEqual([...new Uint8Array(back.msg.buffers![0] as ArrayBuffer)], [1, 2, 3]);
  });

  test('a tampered part or a wrong key fails the signature check', () => {
    const msg = makeMessage('shell', 'kernel_info_request', {}, undefined, 's');
    const frames = serialize(msg, signer);
    const tampered = [...frames];
    tampered[5] = b('{"evil":true}');
    assert.throws(() => deserialize(tampered, signer, 'shell'), /bad signature/);
    assert.throws(() => deserialize(frames, makeSigner('other'), 'shell'), /bad signature/);
    assert.throws(() => deserialize(frames.map((f, i) => (i === 1 ? b('') : f)), signer, 'shell'), /bad signature/);
  });

  test('no delimiter, too few frames, non-JSON parts and headers without msg_type are errors', () => {
    const s = makeSigner('');
    assert.throws(() => deserialize([b('a'), b('b')], s, 'shell'), /delimiter/);
    assert.throws(() => deserialize([DELIMITER, b(''), b('{}')], s, 'shell'), /too few/);
    assert.throws(() => deserialize([DELIMITER, b(''), b('nope'), b('{}'), b('{}'), b('{}')], s, 'shell'), /header is not JSON/);
    assert.throws(() => deserialize([DELIMITER, b(''), b('{"msg_id":"1"}'), b('{}'), b('{}'), b('{}')], s, 'shell'), /msg_type/);
    assert.throws(() => deserialize([DELIMITER, b(''), b('{"msg_id":"1","msg_type":"x"}'), b('[]'), b('{}'), b('{}')], s, 'shell'), /parent_header/);
  });
});

describe('connection files', () => {
  const file = {
    shell_port: 5001,
    iopub_port: 5002,
    stdin_port: 5003,
    control_port: 5004,
    hb_port: 5005,
    ip: '127.0.0.1',
    key: 'abc',
    transport: 'tcp',
    signature_scheme: 'hmac-sha256',
    kernel_name: 'bootbook-kite-x86_64',
  };

  test('what jupyter_client writes parses into endpoints', () => {
    const info = parseConnection(JSON.stringify(file));
    assert.equal(endpoint(info, 'shell'), 'tcp://127.0.0.1:5001');
    assert.equal(endpoint(info, 'hb'), 'tcp://127.0.0.1:5005');
    assert.equal(info.key, 'abc');
    const ipc = parseConnection(JSON.stringify({ ...file, transport: 'ipc', ip: '/tmp/kernel-1' }));
    assert.equal(endpoint(ipc, 'control'), 'ipc:///tmp/kernel-1-5004');
    assert.equal(endpoint(parseConnection(JSON.stringify({ ...file, ip: '::1' })), 'iopub'), 'tcp://[::1]:5002');
  });

  test('bad files are usage errors', () => {
    assert.throws(() => parseConnection('{'), /not JSON/);
    assert.throws(() => parseConnection(JSON.stringify({ ...file, shell_port: 'x' })), /shell_port/);
    assert.throws(() => parseConnection(JSON.stringify({ ...file, transport: 'udp' })), /transport/);
  });
});
