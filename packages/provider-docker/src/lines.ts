import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { OutputLine, OutputStream } from '@loom/contracts';

/** Cuts pushed bytes into lines (without the `\n`), handed to `onLine` at once with the time they were read.
 * Bytes stay raw: no decoding, so invalid UTF-8 survives. `end()` hands on an unterminated last line. */
function lineSplitter(stream: OutputStream, onLine: (line: OutputLine) => void): { push(chunk: Buffer): void; end(): void } {
  let pending: Buffer[] = [];
  return {
    push(chunk) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, nl));
        onLine({ stream, timestamp: Date.now(), bytes: Buffer.concat(pending) });
        pending = [];
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    },
    end() {
      if (pending.length > 0) onLine({ stream, timestamp: Date.now(), bytes: Buffer.concat(pending) });
      pending = [];
    },
  };
}

/** A writable that cuts bytes into lines (see `lineSplitter`). */
export function lineWriter(stream: OutputStream, onLine: (line: OutputLine) => void): Writable {
  const lines = lineSplitter(stream, onLine);
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => lines.push(chunk));
  sink.on('end', () => lines.end());
  return sink;
}

/**
 * Docker's multiplexed attach/exec stream (8-byte frame headers: stream type, then size) cut into lines of
 * each stream, handed on synchronously in frame order — the order the daemon sent them. (Demultiplexing
 * into two Node streams, as docker-modem's `demuxStream` does, lets each stream's data events run on their
 * own schedule, and a burst of stderr could be recorded before stdout read earlier: issue 18.) Payloads are
 * never copied into one growing buffer: a frame's bytes go to its stream's splitter as they arrive.
 */
export function demuxLines(source: Readable, onLine: (line: OutputLine) => void): { end(): void } {
  const split = { stdout: lineSplitter('stdout', onLine), stderr: lineSplitter('stderr', onLine) };
  let header = Buffer.alloc(0);
  let left = 0;
  let current: OutputStream = 'stdout';
  source.on('data', (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      if (left > 0) {
        const take = Math.min(left, chunk.length - at);
        split[current].push(chunk.subarray(at, at + take));
        left -= take;
        at += take;
        continue;
      }
      const need = 8 - header.length;
      header = Buffer.concat([header, chunk.subarray(at, at + need)]);
      at += need;
      if (header.length < 8) break;
      // Type 2 is stderr; 1 (and stdin's 0, never sent here) is stdout.
      current = header[0] === 2 ? 'stderr' : 'stdout';
      left = header.readUInt32BE(4);
      header = Buffer.alloc(0);
    }
  });
  return {
    end() {
      split.stdout.end();
      split.stderr.end();
    },
  };
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
