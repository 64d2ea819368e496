/**
 * A few HTTP/1.1 requests written at once on one connection to the daemon's Unix socket (pipelining: Go's
 * server answers them in order), the answers read back here. One round trip for create → start → attach
 * (preboot.ts): while the CLI loads, its thread is busy for long stretches, and every answer awaited between
 * two requests would wait for it. Only what the daemon sends is understood: a body by `Content-Length` or
 * chunked, none for 1xx/204/304; a final `101 Switching Protocols` hands over the connection as the stream.
 */
import { connect, type Socket } from 'node:net';

export interface RawRequest {
  method: string;
  path: string;
  body?: unknown;
  /** Attach: the answer is `101` and the connection becomes the container's stream. */
  upgrade?: boolean;
}

export interface RawReply {
  status: number;
  body: string;
}

function encode(request: RawRequest): string {
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  const headers = ['Host: docker', `Content-Length: ${Buffer.byteLength(body)}`];
  if (body) headers.push('Content-Type: application/json');
  if (request.upgrade) headers.push('Connection: Upgrade', 'Upgrade: tcp');
  return `${request.method} ${request.path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
}

/** One answer from `data` (head and body), or undefined while more bytes are needed. */
function parseReply(data: Buffer): { reply: RawReply; rest: Buffer; upgraded: boolean } | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const header = (name: string): string | undefined =>
    lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  let rest = data.subarray(end + 4);
  if (status === 101) return { reply: { status, body: '' }, rest, upgraded: true };
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return { reply: { status, body: '' }, rest, upgraded: false };
  const length = header('content-length');
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length < n) return undefined;
    return { reply: { status, body: rest.subarray(0, n).toString() }, rest: rest.subarray(n), upgraded: false };
  }
  if (header('transfer-encoding')?.toLowerCase() !== 'chunked') throw new Error(`an answer ${status} without a length`);
  const chunks: Buffer[] = [];
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl === -1) return undefined;
    const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
    if (rest.length < nl + 2 + size + 2) return undefined;
    if (size === 0) return { reply: { status, body: Buffer.concat(chunks).toString() }, rest: rest.subarray(nl + 4), upgraded: false };
    chunks.push(rest.subarray(nl + 2, nl + 2 + size));
    rest = rest.subarray(nl + 2 + size + 2);
  }
}

/**
 * Sends every request, resolves once each is answered. A `101` answer ends the exchange: the socket (with
 * any bytes already read put back) is `stream`. Without one the connection is closed.
 */
export function pipeline(socketPath: string, requests: RawRequest[], timeoutMs: number, signal?: AbortSignal, options: { unref?: boolean; onWritten?: () => void } = {}): Promise<{ replies: RawReply[]; stream?: Socket }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const socket = connect(socketPath);
    // A last-chance request (a removal as Loom exits) must not keep the process alive.
    if (options.unref) socket.unref();
    const replies: RawReply[] = [];
    let data: Buffer = Buffer.alloc(0);
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`the Docker daemon did not answer within ${timeoutMs} ms`)));
    const cancel = (): void => fail(new Error('cancelled'));
    signal?.addEventListener('abort', cancel, { once: true });
    socket.once('close', () => signal?.removeEventListener('abort', cancel));
    socket.on('error', fail);
    socket.on('end', () => fail(new Error(`the Docker daemon closed the connection after ${replies.length} answers`)));
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      try {
        for (let parsed = parseReply(data); parsed; parsed = parseReply(data)) {
          replies.push(parsed.reply);
          data = parsed.rest;
          if (parsed.upgraded || replies.length === requests.length) {
            socket.off('data', onData);
            socket.removeAllListeners('end');
            socket.removeAllListeners('error');
            socket.setTimeout(0);
            if (!parsed.upgraded) {
              socket.end();
              return resolve({ replies });
            }
            // Paused until its reader attaches (the session resumes it), so no byte is lost in between.
            socket.pause();
            if (data.length > 0) socket.unshift(data);
            return resolve({ replies, stream: socket });
          }
        }
      } catch (error) {
        fail(error as Error);
      }
    };
    socket.on('data', onData);
    socket.write(requests.map(encode).join(''), () => options.onWritten?.());
  });
}
