/** Where a snapshot lives: `<tmpdir>/<runId>-<random>`, claimed atomically. */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { tmpdir as osTmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { badRunId, diskFull, errnoOf, isDiskFullError, tmpdirUnusable } from './errors.js';

const ATTEMPTS = 8;

/** The parent directory: the option, else `os.tmpdir()` (which reads `TMPDIR`), made absolute. */
export const snapshotParent = (tmpdir: string | undefined): string => resolve(tmpdir ?? osTmpdir());

export function assertRunId(runId: string): void {
  if (runId === '' || runId === '.' || runId === '..' || /[/\\\0]/.test(runId)) throw badRunId(runId);
}

/** A decimal uint32, like the seed's example `loom-run-local-1772666574190575000-3847261095`. */
const randomSuffix = (): string => String(randomBytes(4).readUInt32BE(0));

/**
 * Creates the snapshot directory and returns its absolute path. Mode 0700 (as `mkdtemp`): the snapshot
 * holds the user's uncommitted work and sits in a shared temp directory. A name that already exists is
 * never reused, so two runs can never share a directory.
 */
export async function claimSnapshotDir(parent: string, runId: string): Promise<string> {
  assertRunId(runId);
  for (let attempt = 0; ; attempt++) {
    const dir = join(parent, `${runId}-${randomSuffix()}`);
    try {
      await mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if (isDiskFullError(error)) throw diskFull(parent, error);
      if (errnoOf(error) !== 'EEXIST' || attempt + 1 >= ATTEMPTS) throw tmpdirUnusable(parent, error);
    }
  }
}
