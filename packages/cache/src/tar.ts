/**
 * Archives through the system `tar` and `zstd` (toolchain.md §9: 8–10x faster than any Node library, keeps
 * hard links and symlinks; node-tar deadlocks on hard-linked trees). The tar stream is made deterministic —
 * sorted names, mtime 0, owner 0 — so its sha256 is a digest of the paths' content (names, modes, link
 * targets, bytes) and a save can tell "unchanged" without comparing timestamps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { LoomError } from '@loom/errors';
import { CacheErrorCode } from './errors.js';

const DETERMINISTIC = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu'];
const ZSTD_LEVEL = '-3';

export interface TarDigest {
  /** sha256 hex of the uncompressed, deterministic tar stream. */
  digest: string;
  tarBytes: number;
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

/**
 * Tars `paths` (relative to `dir`) and hashes the stream; with `outFile`, also compresses it there through
 * `zstd`. The caller decides what `outFile` is (a temp name) and commits it.
 */
export async function tarPaths(dir: string, paths: readonly string[], outFile?: string): Promise<TarDigest> {
  const tar = spawn('tar', ['-C', dir, ...DETERMINISTIC, '-cf', '-', '--', ...paths], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tarDone = finished(tar, 'tar (archiving cache paths)');
  const zstd = outFile === undefined ? undefined : spawn('zstd', ['-q', ZSTD_LEVEL, '-T0', '-f', '-o', outFile], { stdio: ['pipe', 'ignore', 'pipe'] });
  const zstdDone = zstd === undefined ? Promise.resolve() : finished(zstd, 'zstd (compressing the cache archive)');
  // Surface whichever failed first, but never leave a rejection unobserved.
  const all = Promise.all([tarDone, zstdDone]);
  all.catch(() => undefined);
  const hash = createHash('sha256');
  let tarBytes = 0;
  try {
    for await (const chunk of tar.stdout as AsyncIterable<Buffer>) {
      hash.update(chunk);
      tarBytes += chunk.length;
      if (zstd?.stdin && !zstd.stdin.write(chunk)) await Promise.race([once(zstd.stdin, 'drain'), zstdDone]);
    }
  } finally {
    zstd?.stdin?.end();
  }
  await all;
  return { digest: hash.digest('hex'), tarBytes };
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
