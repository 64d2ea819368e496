/**
 * How the cache reaches a job's workspace. `direct`: the workspace is a directory on this machine (host jobs,
 * Docker bind mounts), so archives are made from and extracted into it in place. `copy`: the workspace lives
 * elsewhere (a Docker volume) and files pass through a staging directory with the provider's copyIn/copyOut.
 */
import { lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { LoomError } from '@loom/errors';
import { CacheErrorCode } from './errors.js';

export interface CopyResult {
  copied: string[];
  missing: string[];
}

/** A digest of workspace paths computed where they are, with the paths that do not exist. */
export interface WorkspaceDigest {
  /** Hex sha256, or `none` when no path exists. */
  digest: string;
  missing: string[];
}

export type WorkspaceAccess =
  | { kind: 'direct'; dir: string }
  | {
      kind: 'copy';
      copyIn(paths: string[], hostDir: string): Promise<CopyResult>;
      copyOut(paths: string[], hostDir: string): Promise<CopyResult>;
      /** Stream-level copies when the provider has them: an uncompressed tar extracted at the workspace
       * root, and one path's tar (undefined when missing). Restore and the unchanged check use them. */
      putTar?(tar: NodeJS.ReadableStream): Promise<void>;
      getTar?(path: string): Promise<NodeJS.ReadableStream | undefined>;
      /** A digest of the paths computed where they are (the provider's `digestPaths`), with the missing
       * ones; undefined when it cannot be computed there. The unchanged check tries it first. */
      digest?(paths: string[]): Promise<WorkspaceDigest | undefined>;
    };

const inside = (root: string, target: string): boolean => {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

function leadsOut(path: string, target: string): LoomError {
  return new LoomError(CacheErrorCode.badPath, `cache path ${path} leads out of the workspace (to ${target})`, {
    hint: 'cache paths and the directories above them must stay inside the workspace; replace the symlink with a directory',
  });
}

/** The nearest existing ancestor of `root/path` (or the path itself) must resolve inside `root`. */
export function checkAncestors(root: string, path: string): void {
  const realRoot = realpathSync(root);
  let probe = dirname(join(root, path));
  for (;;) {
    try {
      const real = realpathSync(probe);
      if (!inside(realRoot, real)) throw leadsOut(path, real);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      probe = dirname(probe);
    }
  }
}

/**
 * Splits `paths` into those present under `root` and those missing; a path (or a directory above it) that
 * is a symlink leading out of `root` throws.
 */
export function presentPaths(root: string, paths: readonly string[]): CopyResult {
  const realRoot = realpathSync(root);
  const result: CopyResult = { copied: [], missing: [] };
  for (const path of paths) {
    checkAncestors(root, path);
    const full = join(root, path);
    let stat;
    try {
      stat = lstatSync(full);
    } catch {
      result.missing.push(path);
      continue;
    }
    if (stat.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(full);
      } catch {
        target = full; // dangling: archived as the link it is
      }
      if (!inside(realRoot, target)) throw leadsOut(path, target);
    }
    result.copied.push(path);
  }
  return result;
}

/** A fresh staging directory under `parent`, removed by the returned function. */
export function stagingDir(parent: string): { dir: string; remove: () => void } {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'stage-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
