/**
 * `loom export` archives lay a run out as `.loom/.runtime/` does — `receipts/<run_id>.json` and
 * `logs/<run_id>/…` — gzipped tar written and read by the system `tar` (as artifacts are), so a big record
 * streams through another process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LoomError } from '@loom/errors';
import type { PickedRun } from './pick-run.js';

export async function runTar(args: string[], what: string): Promise<void> {
  const child = spawn('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) throw new LoomError('CLI_ARCHIVE_FAILED', `${what} failed: tar exited ${code}: ${stderr.trim()}`, { hint: 'check the path and the free disk space' });
}

/** A new folder in the temp dir, or a LoomError naming it (e.g. TMPDIR points at a folder that is gone). */
export async function exportTempDir(): Promise<string> {
  try {
    return await mkdtemp(join(tmpdir(), 'loom-export-'));
  } catch (cause) {
    throw new LoomError('CLI_TEMP_DIR', `cannot create a folder in the temp dir ${tmpdir()}: ${(cause as Error).message}`, { hint: 'set TMPDIR to a writable folder', cause });
  }
}

/** Extracts an export into a new temp folder and finds its one run. */
export async function extractExport(archive: string, keep: boolean): Promise<PickedRun> {
  const dir = await exportTempDir();
  const dispose = keep ? async () => undefined : () => rm(dir, { recursive: true, force: true });
  try {
    await runTar(['-xzf', resolve(archive), '-C', dir], `reading ${archive}`);
    const [runId, ...more] = (await readdir(join(dir, 'logs')).catch(() => [])).filter((name) => name.startsWith('loom-run-local-'));
    if (runId === undefined || more.length > 0) throw notAnExport(archive);
    return { runId, logsDir: join(dir, 'logs', runId), receiptPath: join(dir, 'receipts', `${runId}.json`), dispose };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function notAnExport(archive: string): LoomError {
  return new LoomError('CLI_NOT_AN_EXPORT', `${archive} does not hold one run record (receipts/<run_id>.json and logs/<run_id>/)`, {
    hint: 'pass an archive written by `loom export -o <file>.tar.gz`',
  });
}
