/**
 * Glob `patterns` under `cwd` (fast-glob: dot files included, symlinked directories not entered) and return
 * the matched files, de-duplicated and sorted by their POSIX relative path's UTF-8 bytes. A matched symlink
 * counts when it points at a file inside `cwd`; one that leads out of `cwd` is an error.
 */
import { realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, sep } from 'node:path';
import type FastGlob from 'fast-glob';
import { LoomError } from '@loom/errors';
import { CacheKeyErrorCode } from './errors.js';
import { checkPatterns } from './patterns.js';

export interface ListedFile {
  /** POSIX path relative to `cwd`. */
  path: string;
  /** Absolute path to read (a symlink's target). */
  full: string;
  size: number;
}

const inside = (root: string, target: string): boolean => {
  const rel = relative(root, target);
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

function followLink(root: string, cwd: string, path: string): ListedFile | undefined {
  const full = join(cwd, path);
  let target: string;
  try {
    target = realpathSync(full);
  } catch {
    return undefined; // a dangling link has no content to hash
  }
  if (!inside(root, target)) {
    throw new LoomError(CacheKeyErrorCode.symlinkOutside, `cache key file ${path} is a symlink leading out of ${cwd} (to ${target})`, {
      hint: 'key files must live inside the workspace; hash the real file instead of a link to it',
    });
  }
  const stat = statSync(target);
  return stat.isFile() ? { path, full: target, size: stat.size } : undefined;
}

let loaded: typeof FastGlob | undefined;

/** fast-glob, loaded on first use: evaluating it takes ~15 ms, which a run without cache keys (and every
 * run's start-up, where the engine imports this package) should not pay. */
function fastGlob(): typeof FastGlob {
  loaded ??= createRequire(import.meta.url)('fast-glob') as typeof FastGlob;
  return loaded;
}

function byPathBytes(a: { path: string }, b: { path: string }): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}

export function listFiles(cwd: string, patterns: readonly string[]): ListedFile[] {
  checkPatterns(patterns);
  if (patterns.length === 0) return [];
  // objectMode hands back readdir's dirents, so only matched files cost a stat (not every walked entry).
  const entries = fastGlob().sync([...patterns], { cwd, dot: true, onlyFiles: false, followSymbolicLinks: false, unique: true, objectMode: true });
  const root = realpathSync(cwd);
  const files: ListedFile[] = [];
  for (const { path, dirent } of entries) {
    if (dirent.isSymbolicLink()) {
      const followed = followLink(root, cwd, path);
      if (followed) files.push(followed);
    } else if (dirent.isFile()) {
      const full = join(cwd, path);
      files.push({ path, full, size: statSync(full).size });
    }
  }
  return files.sort(byPathBytes);
}
