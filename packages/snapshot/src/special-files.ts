/**
 * Git never lists FIFOs, sockets or devices, not even as untracked files, so without this scan they would
 * be left out of the snapshot without a word. It walks the working tree (directory entries only, no
 * `stat` per file), skipping what git already told us to skip, and returns the special files it meets.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errnoOf, unreadableFile } from './errors.js';

/** The kind of a directory entry that a snapshot cannot hold. */
const isSpecial = (entry: Dirent): boolean => !entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink();

function readDirectory(root: string, rel: string): Dirent[] {
  const dir = rel === '' ? root : join(root, rel);
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // git skips an unreadable directory with a mere warning; its files would silently be missing
    if (errnoOf(error) === 'EACCES' || errnoOf(error) === 'EPERM') throw unreadableFile(`${dir}/`, error);
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return []; // removed meanwhile
    throw error;
  }
}

/**
 * Relative paths of the special files under `root`, not entering `pruned` directories (ignored ones,
 * nested repositories, `.loom/.runtime`) nor any directory holding a `.git` (a submodule or a repository
 * of its own, as git treats them).
 */
export function findSpecialFiles(root: string, pruned: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const pending = [''];
  for (let rel = pending.pop(); rel !== undefined; rel = pending.pop()) {
    const entries = readDirectory(root, rel);
    if (rel !== '' && entries.some((e) => e.name === '.git')) continue;
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== '.git' && !pruned.has(path)) pending.push(path);
      } else if (isSpecial(entry)) {
        found.push(path);
      }
    }
  }
  return found.sort();
}
