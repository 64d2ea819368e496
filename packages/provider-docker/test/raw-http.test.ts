import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '@loom/test-kit';
import { pipeline } from '../src/raw-http.js';

/** A Unix socket that answers whatever arrives with `answer` (once), like a daemon answering pipelined requests. */
async function fakeDaemon(dir: string, answer: (socket: Socket, received: string) => void): Promise<{ path: string; close(): void }> {
  const path = join(dir, 'daemon.sock');
  let received = '';
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if ((received.match(/HTTP\/1\.1\r\n/g) ?? []).length === 3 && received.endsWith('\r\n\r\n')) answer(socket, received);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { path, close: () => server.close() };
}

describe('pipelined requests on the daemon socket', () => {
  const tempDir = useTempDirs('loom-raw-http-');
  const closers: Array<() => void> = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));
  const requests = [
    { method: 'POST', path: '/containers/create?name=x', body: { Image: 'i' } },
    { method: 'POST', path: '/containers/x/start' },
    { method: 'POST', path: '/containers/x/attach?stream=1', upgrade: true },
  ];

  it('reads a sized answer, a chunked one split across writes, then hands over the upgraded connection with the bytes after it', async () => {
    const daemon = await fakeDaemon(tempDir(), (socket, received) => {
      expect(received).toContain('Content-Length: 13\r\nContent-Type: application/json\r\n\r\n{"Image":"i"}');
      socket.write('HTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\n{"Id":"c1"}HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab');
      setTimeout(() => socket.write('c\r\n0\r\n\r\nHTTP/1.1 101 UPGRADED\r\nUpgrade: tcp\r\n\r\nstream-bytes'), 10);
    });
    closers.push(daemon.close);
    const { replies, stream } = await pipeline(daemon.path, requests, 2000);
    expect(replies).toEqual([{ status: 201, body: '{"Id":"c1"}' }, { status: 200, body: 'abc' }, { status: 101, body: '' }]);
    const first = await new Promise<string>((resolve) => {
      stream!.once('data', (chunk: Buffer) => resolve(chunk.toString()));
      stream!.resume();
    });
    expect(first).toBe('stream-bytes');
    stream!.destroy();
  });

  it('ends with every answer when none upgrades (a failed create), and fails on a daemon that says nothing', async () => {
    const failing = await fakeDaemon(tempDir(), (socket) => {
      const notFound = 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}';
      socket.write(notFound + notFound + notFound);
    });
    closers.push(failing.close);
    const { replies, stream } = await pipeline(failing.path, requests, 2000);
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(stream).toBeUndefined();
    const silent = await fakeDaemon(tempDir(), () => undefined);
    closers.push(silent.close);
    await expect(pipeline(silent.path, requests, 200)).rejects.toThrow('did not answer within 200 ms');
    const cancel = new AbortController();
    const pending = pipeline(silent.path, requests, 5000, cancel.signal);
    cancel.abort();
    await expect(pending).rejects.toThrow('cancelled');
  });
});
