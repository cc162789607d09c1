// The connection file a Jupyter client writes before starting a kernel (its path
// is the `{connection_file}` of the kernelspec's argv): where to bind the five
// sockets and how to sign messages.
import { readFileSync } from 'node:fs';
import { BootbookError } from '../../engine/errors.js';

export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

export type SocketName = 'shell' | 'control' | 'iopub' | 'stdin' | 'hb';

export function parseConnection(text: string, source = 'connection file'): ConnectionInfo {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BootbookError('bad-usage', `${source} is not JSON`);
  }
  if (!o || typeof o !== 'object') throw new BootbookError('bad-usage', `${source} is not a JSON object`);
  const transport = (o.transport ?? 'tcp') as string;
  if (transport !== 'tcp' && transport !== 'ipc') throw new BootbookError('bad-usage', `${source}: transport ${JSON.stringify(transport)} (tcp or ipc)`);
  const port = (name: string): number => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) throw new BootbookError('bad-usage', `${source}: ${name} must be a port number`);
    return v;
  };
  const ip = typeof o.ip === 'string' && o.ip ? o.ip : '127.0.0.1';
  return {
    transport,
    ip,
    shell_port: port('shell_port'),
    control_port: port('control_port'),
    iopub_port: port('iopub_port'),
    stdin_port: port('stdin_port'),
    hb_port: port('hb_port'),
    key: typeof o.key === 'string' ? o.key : '',
    signature_scheme: typeof o.signature_scheme === 'string' && o.signature_scheme ? o.signature_scheme : 'hmac-sha256',
  };
}

export function readConnectionFile(path: string): ConnectionInfo {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BootbookError('bad-usage', `cannot read the connection file ${path}: ${(e as Error).message}`);
  }
  return parseConnection(text, path);
}

/** The ZeroMQ endpoint of one socket: tcp://ip:port, or ipc://ip-port as jupyter_client names them. */
export function endpoint(info: ConnectionInfo, socket: SocketName): string {
  const p = info[`${socket}_port` as const];
  return info.transport === 'tcp' ? `tcp://${info.ip.includes(':') ? `[${info.ip}]` : info.ip}:${p}` : `ipc://${info.ip}-${p}`;
}
