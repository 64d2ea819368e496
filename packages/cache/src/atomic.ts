/**
 * All-or-nothing writes (conventions §10): write a temp file in the same directory, fsync it, rename it over
 * the target, fsync the directory so the rename itself survives a crash.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A name no other writer uses: `.<base>.<pid>.<random>.tmp` beside `target`. */
function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Moves a finished file into place: fsync it, rename, fsync the directory. */
export function commitFile(temp: string, target: string): void {
  fsyncPath(temp);
  renameSync(temp, target);
  fsyncPath(dirname(target));
}

function writeFileAtomic(target: string, data: string): void {
  const temp = tempNameFor(target);
  try {
    writeFileSync(temp, data);
    commitFile(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}
