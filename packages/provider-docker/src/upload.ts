import type { Duplex } from 'node:stream';

/**
 * The step server's upload framing (mode `w`, session.ts): `<byte count>\n<bytes>` frames, then `0\n`. The
 * server copies each frame with `dd bs=<count> count=1 iflag=fullblock` into one `tar -x`, so a tar stream of
 * any size goes into the container over the attach connection Loom already holds — no `putArchive` (which
 * costs the daemon ~90 ms a call on this machine: it mounts the container and runs its own tar helper).
 * Frames stay bounded so `dd` never holds more than `frameBytes` in memory; 4 MiB rather than 256 KiB took a
 * 262 MB pnpm store from 4.0 s to 3.7 s (fewer `dd` forks).
 */
const frameBytes = 4 * 1024 * 1024;

/** Writes `bytes`, waiting for the connection to drain; rejects when it closes first. */
function writeAll(stream: Duplex, bytes: Buffer): Promise<void> {
  if (stream.destroyed) return Promise.reject(new Error('the step server connection is closed'));
  if (stream.write(bytes)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const closed = (): void => {
      stream.off('drain', drained);
      reject(new Error('the step server connection closed during an upload'));
    };
    const drained = (): void => {
      stream.off('close', closed);
      resolve();
    };
    stream.once('drain', drained);
    stream.once('close', closed);
  });
}

/** Sends `tar` as frames and the closing `0\n` — also when reading `tar` fails (the server's tar then
 * reports a truncated archive and the error is rethrown here). */
export async function sendFrames(stream: Duplex, tar: NodeJS.ReadableStream): Promise<void> {
  let pending: Buffer[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (size === 0) return;
    const body = Buffer.concat(pending, size);
    pending = [];
    size = 0;
    await writeAll(stream, Buffer.concat([Buffer.from(`${body.length}\n`), body]));
  };
  try {
    for await (const chunk of tar as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      pending.push(bytes);
      size += bytes.length;
      if (size >= frameBytes) await flush();
    }
    await flush();
  } finally {
    if (!stream.destroyed) await writeAll(stream, Buffer.from('0\n'));
  }
}
