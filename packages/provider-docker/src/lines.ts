import { PassThrough, type Writable } from 'node:stream';
import type { OutputLine, OutputStream } from '@loom/contracts';

/**
 * A writable that cuts bytes into lines (without the `\n`) and hands each to `onLine` with the time it was
 * read. Bytes stay raw: no decoding, so invalid UTF-8 survives. `end()` flushes an unterminated last line.
 */
export function lineWriter(stream: OutputStream, onLine: (line: OutputLine) => void): Writable {
  let pending: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      onLine({ stream, timestamp: Date.now(), bytes: Buffer.concat(pending) });
      pending = [];
      start = nl + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  sink.on('end', () => {
    if (pending.length > 0) onLine({ stream, timestamp: Date.now(), bytes: Buffer.concat(pending) });
    pending = [];
  });
  return sink;
}

/** The frames of a non-follow `logs` buffer, which is still multiplexed (8-byte headers: stream type, then
 * size; toolchain.md §5, pitfall 3). */
export function logFrames(raw: Buffer): { stream: OutputStream; bytes: Buffer }[] {
  const frames: { stream: OutputStream; bytes: Buffer }[] = [];
  for (let at = 0; at + 8 <= raw.length; at += 8 + raw.readUInt32BE(at + 4)) {
    frames.push({ stream: raw[at] === 2 ? 'stderr' : 'stdout', bytes: raw.subarray(at + 8, at + 8 + raw.readUInt32BE(at + 4)) });
  }
  return frames;
}
