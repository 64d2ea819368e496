/**
 * One file's sha256, read in 1 MiB chunks into a reused buffer: a small file costs one read, a large one is
 * streamed (never read whole). Sync on purpose: for many small files sync reads are 3-4x faster than
 * fs.promises, whose open/read/close each pass through the thread pool (toolchain.md §9).
 *
 * The function takes `fs` and `crypto` as arguments and touches nothing else, so the worker pool ships its
 * source text (`Function#toString`) to worker threads: one implementation, and it survives bundling.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

export interface FileDigest {
  sha256: string;
  size: number;
}

export const CHUNK_BYTES = 1 << 20;

export function hashFileWith(fsApi: typeof fs, cryptoApi: typeof crypto, path: string, buffer: Buffer): FileDigest {
  const fd = fsApi.openSync(path, 'r');
  try {
    const hash = cryptoApi.createHash('sha256');
    let size = 0;
    for (;;) {
      const read = fsApi.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      size += read;
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    fsApi.closeSync(fd);
  }
}

export function hashFileSync(path: string, buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES)): FileDigest {
  return hashFileWith(fs, crypto, path, buffer);
}
