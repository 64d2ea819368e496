import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file's content, or a file with a mode, or a symlink. */
export type TreeEntry = string | Buffer | { content: string | Buffer; mode: number } | { symlink: string };
export type Tree = Record<string, TreeEntry>;

/** Writes `tree` (relative path → entry) under `root`, creating folders as needed. */
export function writeTree(root: string, tree: Tree): void {
  for (const [relPath, entry] of Object.entries(tree)) {
    const full = join(root, relPath);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) writeFileSync(full, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, full);
    else {
      writeFileSync(full, entry.content);
      chmodSync(full, entry.mode);
    }
  }
}
