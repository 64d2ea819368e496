/**
 * The isolated workspace's own `.loom/.runtime/` (workspace-snapshot.md): `logs/<run_id>` is a symlink to the
 * source repository's logs folder, and `receipts/<run_id>.json` a byte-for-byte copy of its receipt, both made
 * after the writer closed. A symlink costs nothing whatever the size of the record (a copy of a 200-job run
 * is thousands of files); the receipt is copied so the workspace keeps its entry point on its own.
 */
import { copyFile, mkdir, rm, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runtimeDirOf } from './record.js';

export async function mirrorIntoWorkspace(workspace: string, logsDir: string, receiptPath: string): Promise<void> {
  const runtime = runtimeDirOf(workspace);
  const link = join(runtime, 'logs', basename(logsDir));
  await mkdir(join(runtime, 'logs'), { recursive: true });
  await mkdir(join(runtime, 'receipts'), { recursive: true });
  await rm(link, { recursive: true, force: true });
  await symlink(logsDir, link, 'dir');
  await copyFile(receiptPath, join(runtime, 'receipts', basename(receiptPath)));
}
