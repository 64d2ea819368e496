import type { OutputLine, OutputStream } from '@loom/contracts';

/** Lines longer than this are handed on in pieces of this size, so one newline-free stream (a binary dumped
 * to the terminal) cannot make Loom hold it all in memory. */
export const defaultMaxLineBytes = 1024 * 1024;

export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Hands on an unterminated last line (the stream ended without `\n`). */
  flush(): void;
}

/**
 * Cuts a byte stream into lines without their `\n`. Bytes stay raw (no decoding, so invalid UTF-8 survives
 * and `\r` is kept). Each line is a copy, so a consumer that keeps a line never pins a whole read chunk.
 */
export function lineSplitter(stream: OutputStream, onLine: (line: OutputLine) => void, maxLineBytes = defaultMaxLineBytes): LineSplitter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let timestamp = 0;
  /** Hands on one line, in pieces of at most `maxLineBytes` (an empty line is still one line). */
  const emit = (bytes: Buffer): void => {
    let at = 0;
    do {
      onLine({ stream, timestamp, bytes: bytes.subarray(at, at + maxLineBytes) });
      at += maxLineBytes;
    } while (at < bytes.length);
  };
  const takePending = (tail: Buffer): Buffer => {
    const line = pending.length === 0 ? Buffer.from(tail) : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    return line;
  };
  /** A line without its end yet has grown past the limit: hand on the full pieces but keep the last piece
   * (1 to maxLineBytes bytes), so a line is cut the same way however its bytes were chunked. */
  const emitOverlong = (): void => {
    const line = takePending(Buffer.alloc(0));
    const kept = ((line.length - 1) % maxLineBytes) + 1;
    emit(line.subarray(0, line.length - kept));
    pending = [line.subarray(line.length - kept)];
    pendingBytes = kept;
  };
  return {
    push(chunk) {
      // One read is one moment: every line completed by this chunk was read now.
      timestamp = Date.now();
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        emit(takePending(chunk.subarray(start, nl)));
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxLineBytes) emitOverlong();
      }
    },
    flush() {
      if (pendingBytes === 0) return;
      timestamp = Date.now();
      emit(takePending(Buffer.alloc(0)));
    },
  };
}
