// Jupyter messages as the kernel sees them, transport-free: the same kernel code
// is reached through our server's WebSocket (and, later, ZeroMQ). Wire types come
// from @jupyterlab/services so we speak exactly what JupyterLab speaks.
import { randomUUID } from 'node:crypto';
import type { KernelMessage } from '@jupyterlab/services';

export type Channel = KernelMessage.Channel;
export type JupyterMessage = KernelMessage.IMessage;
export type Header = KernelMessage.IHeader;

export const PROTOCOL_VERSION = '5.3';

/** A new message answering (or caused by) `parent`, on `channel`. */
export function makeMessage(
  channel: Channel,
  msgType: string,
  content: unknown,
  parent: JupyterMessage | undefined,
  session: string,
  metadata: Record<string, unknown> = {},
): JupyterMessage {
  return {
    channel,
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: 'bootbook',
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    } as Header,
    parent_header: (parent?.header ?? {}) as Header,
    metadata,
    content: content as JupyterMessage['content'],
    buffers: [],
  } as JupyterMessage;
}

/**
 * What a kernel needs from its transport: a way to send a message on a channel.
 * iopub messages go to every connection of the kernel; shell/control/stdin
 * replies go to the connection whose request is their parent.
 */
export type Send = (msg: JupyterMessage) => void;
