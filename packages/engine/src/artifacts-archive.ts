/**
 * `artifacts.tar.gz` beside the extracted files: written by the system `tar` (gzip) so a large artifact is
 * streamed by another process, never held in Loom's memory; written to a temp name and renamed. Also counts
 * what was extracted.
 */
import { spawn } from 'node:child_process';
import { lstat, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LoomError } from '@loom/errors';

export async function writeArchive(filesDir: string, roots: string[], archive: string): Promise<void> {
  const temp = `${archive}.tmp-${process.pid}`;
  // --null -T -: the paths come on stdin, so any name (spaces, unicode, a leading dash) is taken as it is.
  const child = spawn('tar', ['--sort=name', '--null', '-czf', temp, '-C', filesDir, '-T', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(roots.map((r) => `${r}\0`).join(''));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  }).catch((error: unknown) => {
    throw new LoomError('ARTIFACTS_ARCHIVE_FAILED', `cannot run tar to write ${archive}: ${(error as Error).message}`, { hint: 'install tar and gzip (tools/setup.sh)' });
  });
  if (code !== 0) {
    await rm(temp, { force: true });
    throw new LoomError('ARTIFACTS_ARCHIVE_FAILED', `tar could not write ${archive} (exit ${code}): ${stderr.trim()}`);
  }
  await rename(temp, archive);
}

/** Files (and symlinks) under `dir` and their bytes. */
export async function measure(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, dirent.name);
    if (dirent.isDirectory()) {
      const inner = await measure(path);
      files += inner.files;
      bytes += inner.bytes;
    } else {
      files += 1;
      bytes += (await lstat(path)).size;
    }
  }
  return { files, bytes };
}
