/**
 * Hashes many files: on the calling thread for small sets, and split across worker threads (several files
 * at once, one per core) when there is enough data for the ~30 ms a worker takes to start to pay off.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LoomError } from '@loom/errors';
import { CacheKeyErrorCode } from './errors.js';
import { CHUNK_BYTES, type FileDigest, hashFileSync, hashFileWith } from './hash-file.js';

export interface HashInput {
  /** Shown in errors. */
  path: string;
  /** Absolute path to read. */
  full: string;
  size: number;
}

export interface HashOptions {
  /** Threads to hash on, the calling one included. Default: the core count, at most 8. */
  threads?: number;
  /** Below this many bytes in total everything is hashed on the calling thread. Default 32 MiB. */
  parallelFromBytes?: number;
}

function unreadable(path: string, error: unknown): LoomError {
  return new LoomError(CacheKeyErrorCode.unreadable, `cannot read cache key file ${path}: ${(error as Error).message}`, {
    hint: 'check the file exists and is readable by the user running Loom',
    cause: error,
  });
}

function hashHere(files: readonly HashInput[]): FileDigest[] {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  return files.map((file) => {
    try {
      return hashFileSync(file.full, buffer);
    } catch (error) {
      throw unreadable(file.path, error);
    }
  });
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hashFileWith = ${hashFileWith.toString()};
const fs = require('node:fs');
const crypto = require('node:crypto');
const buffer = Buffer.allocUnsafe(${CHUNK_BYTES});
const out = [];
for (const full of workerData) {
  try { out.push(hashFileWith(fs, crypto, full, buffer)); }
  catch (error) { parentPort.postMessage({ failed: full, message: String(error && error.message) }); process.exit(0); }
}
parentPort.postMessage({ digests: out });
`;

function hashInWorker(files: readonly HashInput[]): Promise<FileDigest[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: files.map((f) => f.full) });
    worker.once('message', (message: { digests?: FileDigest[]; failed?: string; message?: string }) => {
      if (message.digests) return resolve(message.digests);
      const file = files.find((f) => f.full === message.failed);
      reject(unreadable(file?.path ?? String(message.failed), new Error(message.message)));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`hash worker exited with ${code}`))));
  });
}

/** Contiguous slices of about equal bytes, so every thread finishes at about the same time. */
function slices(files: readonly HashInput[], count: number): HashInput[][] {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const out: HashInput[][] = [[]];
  let filled = 0;
  for (const file of files) {
    const current = out[out.length - 1] as HashInput[];
    if (filled >= (total / count) * out.length && out.length < count && current.length > 0) out.push([file]);
    else current.push(file);
    filled += file.size;
  }
  return out;
}

/** Digests in the order of `files`. */
export async function hashFiles(files: readonly HashInput[], options: HashOptions = {}): Promise<FileDigest[]> {
  const threads = Math.max(1, options.threads ?? Math.min(availableParallelism(), 8));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (threads === 1 || files.length < 2 || total < (options.parallelFromBytes ?? 32 << 20)) return hashHere(files);
  const [mine = [], ...theirs] = slices(files, threads);
  const started = theirs.map(hashInWorker);
  // Settle every worker before returning, also when this thread's slice fails.
  const here = (() => {
    try {
      return { digests: hashHere(mine) };
    } catch (error) {
      return { error };
    }
  })();
  const others = await Promise.all(started);
  if ('error' in here) throw here.error;
  return [...here.digests, ...others.flat()];
}
