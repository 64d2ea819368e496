/** File operations on single paths: what a working-tree path is, copying it, removing it. */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, readlink, rm, rmdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoOf, fromCopyFailure, fromWriteFailure, unreadableFile } from './errors.js';

export type EntryKind =
  | { type: 'file'; size: number }
  | { type: 'symlink' }
  /** FIFO, socket, block or character device. */
  | { type: 'special' }
  /** Gone, or a directory where the tracked file was (git then lists the files inside separately). */
  | { type: 'absent' };

/** Never follows a symlink: the link itself is what gets snapshotted. */
export async function entryKind(file: string): Promise<EntryKind> {
  try {
    const stats = await lstat(file);
    if (stats.isFile()) return { type: 'file', size: stats.size };
    if (stats.isSymbolicLink()) return { type: 'symlink' };
    if (stats.isDirectory()) return { type: 'absent' };
    return { type: 'special' };
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { type: 'absent' };
    throw unreadableFile(file, error);
  }
}

/** Whether `file` can be opened for reading by this process (effective ids, unlike `access`). */
async function canRead(file: string): Promise<boolean> {
  try {
    await (await open(file, 'r')).close();
    return true;
  } catch {
    return false;
  }
}

export interface CopyContext {
  source: string;
  target: string;
  /** The snapshot's parent directory, named in disk-full errors. */
  parent: string;
  /** Parent directories already created, shared by concurrent copies. */
  made: Map<string, Promise<unknown>>;
}

function ensureParent(ctx: CopyContext, path: string): Promise<unknown> {
  const dir = dirname(join(ctx.target, path));
  let made = ctx.made.get(dir);
  if (!made) {
    made = mkdir(dir, { recursive: true });
    ctx.made.set(dir, made);
  }
  return made;
}

/**
 * Writes the working tree's `path` into the snapshot. The old entry is removed first so that writing
 * never goes through a symlink the `HEAD` checkout left there. Resolves `false` if the file vanished.
 */
export async function copyEntry(ctx: CopyContext, path: string, kind: EntryKind): Promise<boolean> {
  const from = join(ctx.source, path);
  const to = join(ctx.target, path);
  try {
    await ensureParent(ctx, path);
    await rm(to, { force: true });
    if (kind.type === 'symlink') await symlink(await readlink(from), to);
    // copyFile keeps the mode bits (executable bit included); FICLONE shares blocks where the fs can
    else await copyFile(from, to, constants.COPYFILE_FICLONE);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' && (await entryKind(from)).type === 'absent') return false;
    throw fromCopyFailure(error, { source: from, target: to, tmpdir: ctx.parent, sourceReadable: await canRead(from) });
  }
}

/** Removes `path` from the snapshot, then its parent directories that became empty (as git would). */
export async function removeEntry(ctx: CopyContext, path: string): Promise<void> {
  const to = join(ctx.target, path);
  try {
    await rm(to, { force: true, recursive: true });
  } catch (error) {
    throw fromWriteFailure(error, to, ctx.parent);
  }
  for (let dir = dirname(path); dir !== '.' && dir !== ''; dir = dirname(dir)) {
    try {
      await rmdir(join(ctx.target, dir));
    } catch {
      return; // not empty (or already gone): the parents are needed
    }
  }
}
