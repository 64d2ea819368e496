/**
 * Archives through the system `tar` and `zstd` (toolchain.md §9: 8–10x faster than any Node library, keeps
 * hard links and symlinks; node-tar deadlocks on hard-linked trees). The tar stream is made deterministic —
 * sorted names, mtime 0, owner 0 — so its sha256 is a digest of the paths' content (names, modes, link
 * targets, bytes) and a save can tell "unchanged" without comparing timestamps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { LoomError } from '@loom/errors';
import { ContentDigest } from './content.js';
import { CacheErrorCode } from './errors.js';

const DETERMINISTIC = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu'];
const ZSTD_LEVEL = '-3';

export interface TarDigest {
  /** sha256 hex of the uncompressed, deterministic tar stream. */
  digest: string;
  tarBytes: number;
  /** With `content`: the format-independent content digest (content.ts) of the same stream. */
  contentDigest?: string;
}

function failure(what: string, detail: string, cause?: unknown): LoomError {
  const missing = /ENOENT/.test(detail);
  return new LoomError(CacheErrorCode.archiveFailed, `${what} failed: ${detail.trim() || 'no output'}`, {
    hint: missing ? 'the cache needs the system `tar` and `zstd` (apt-get install tar zstd)' : 'see the message above; the store is unchanged',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Resolves when `child` exits 0; rejects with its stderr otherwise. */
function finished(child: ChildProcess, what: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(failure(what, String(error.message), error)));
    child.once('close', (code, signal) => (code === 0 ? resolve() : reject(failure(what, stderr || `exit ${code ?? signal}`))));
  });
}

/** Writes `chunk` to each sink, waiting while one is full (or until `failed` settles). */
async function feed(chunk: Buffer, sinks: (NodeJS.WritableStream | undefined)[], failed: Promise<unknown>): Promise<void> {
  for (const sink of sinks) if (sink && !sink.write(chunk)) await Promise.race([once(sink, 'drain'), failed]);
}

/**
 * Tars `paths` (relative to `dir`) and hashes the stream; with `outFile`, also compresses it there through
 * `zstd`; with `content`, also computes the content digest. The caller decides what `outFile` is (a temp
 * name) and commits it.
 */
export async function tarPaths(dir: string, paths: readonly string[], outFile?: string, options: { content?: boolean } = {}): Promise<TarDigest> {
  const tar = spawn('tar', ['-C', dir, ...DETERMINISTIC, '-cf', '-', '--', ...paths], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tarDone = finished(tar, 'tar (archiving cache paths)');
  const zstd = outFile === undefined ? undefined : spawn('zstd', ['-q', ZSTD_LEVEL, '-T0', '-f', '-o', outFile], { stdio: ['pipe', 'ignore', 'pipe'] });
  const zstdDone = zstd === undefined ? Promise.resolve() : finished(zstd, 'zstd (compressing the cache archive)');
  const content = options.content ? new ContentDigest() : undefined;
  const contentIn = content ? new PassThrough() : undefined;
  const contentDone = content && contentIn ? content.add(contentIn) : Promise.resolve();
  // Surface whichever failed first, but never leave a rejection unobserved.
  const all = Promise.all([tarDone, zstdDone, contentDone]);
  all.catch(() => undefined);
  const hash = createHash('sha256');
  let tarBytes = 0;
  try {
    for await (const chunk of tar.stdout as AsyncIterable<Buffer>) {
      hash.update(chunk);
      tarBytes += chunk.length;
      await feed(chunk, [zstd?.stdin ?? undefined, contentIn], all);
    }
  } finally {
    zstd?.stdin?.end();
    contentIn?.end();
  }
  await all;
  return { digest: hash.digest('hex'), tarBytes, ...(content ? { contentDigest: content.digest() } : {}) };
}

/** `zstd -dc archive` handed to `consume` as an uncompressed tar stream (a Docker upload). */
export async function decompressTo(archive: string, consume: (tar: NodeJS.ReadableStream) => Promise<void>): Promise<void> {
  const zstd = spawn('zstd', ['-q', '-dc', '--', archive], { stdio: ['ignore', 'pipe', 'pipe'] });
  const zstdDone = finished(zstd, 'zstd (reading the cache archive)');
  zstdDone.catch(() => undefined);
  try {
    await consume(zstd.stdout);
  } catch (error) {
    zstd.kill();
    throw error;
  }
  await zstdDone;
}

/** `zstd -dc archive | tar -x` into `dir`: owners not restored, mtimes set to now (toolchain §9: fastest). */
export async function extractArchive(archive: string, dir: string): Promise<void> {
  const zstd = spawn('zstd', ['-q', '-dc', '--', archive], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-C', dir, '--no-same-owner', '-m', '-xf', '-'], { stdio: [zstd.stdout, 'ignore', 'pipe'] });
  // tar holds the pipe now; this process's end of it must close, or zstd's 'close' never comes.
  zstd.stdout.destroy();
  const both = Promise.all([finished(zstd, 'zstd (reading the cache archive)'), finished(tar, 'tar (extracting the cache archive)')]);
  both.catch(() => undefined);
  await both;
}
