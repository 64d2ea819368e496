import { cp, lstat, mkdir, readlink, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { CopyResult } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import { HostErrorCode } from './errors.js';

/**
 * Copies workspace-relative `paths` from directory `from` to the same place under `to`: files, directories
 * (merged into what is there), symlinks as symlinks with their target text unchanged; modes and times kept.
 * A path that does not exist under `from` is reported in `missing`, not an error.
 */
export async function copyPaths(paths: string[], from: string, to: string): Promise<CopyResult> {
  const result: CopyResult = { copied: [], missing: [] };
  for (const path of paths) {
    const source = inside(from, path);
    const target = inside(to, path);
    await refuseLinkedParents(path, [[from, source], [to, target]]);
    if (!(await exists(source))) {
      result.missing.push(path);
      continue;
    }
    if (source !== target) await copyOne(path, source, target);
    result.copied.push(path);
  }
  return result;
}

/**
 * fs.cp refuses to replace a symlink with one that resolves to the same place (`cannot copy /etc to a
 * subdirectory of self`), which is exactly what re-copying a workspace's own symlink does; so every symlink
 * is written here: the old entry removed, the link text kept.
 */
async function copySymlink(source: string, target: string): Promise<false> {
  await rm(target, { force: true });
  await mkdir(dirname(target), { recursive: true });
  await symlink(await readlink(source), target);
  return false;
}

async function copyOne(path: string, source: string, target: string): Promise<void> {
  try {
    const filter = async (from: string, to: string): Promise<boolean> => !(await lstat(from)).isSymbolicLink() || copySymlink(from, to);
    await cp(source, target, { recursive: true, force: true, verbatimSymlinks: true, preserveTimestamps: true, filter });
  } catch (error) {
    throw new LoomError(HostErrorCode.copyFailed, `cannot copy ${path} from ${source} to ${target}: ${(error as Error).message}`, { cause: error });
  }
}

/** `root`/`path`, refusing a path that is absolute or climbs out of `root` (a cache or artifact path must
 * stay inside the workspace). */
function inside(root: string, path: string): string {
  const full = resolve(root, path);
  const rel = relative(resolve(root), full);
  if (isAbsolute(path) || rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel)) {
    throw new LoomError(HostErrorCode.badPath, `"${path}" is not a path inside the workspace`, {
      hint: 'Cache and artifact paths are relative to the workspace root and may not contain "..".',
    });
  }
  return full;
}

/**
 * The last component may be a symlink (it is copied as one), but a directory on the way that is a symlink out
 * of its root would make the copy read or write outside the workspace (`vendor -> /opt`, path `vendor/lib`).
 */
async function refuseLinkedParents(path: string, pairs: [root: string, full: string][]): Promise<void> {
  for (const [root, full] of pairs) {
    const realRoot = await realpath(root).catch(() => resolve(root));
    const parent = await realpath(await existingAncestor(dirname(full))).catch(() => undefined);
    const rel = parent === undefined ? '' : relative(realRoot, parent);
    if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) {
      throw new LoomError(HostErrorCode.badPath, `"${path}" leads outside the workspace through a symlink (${parent})`, {
        hint: 'Cache and artifact paths must stay inside the workspace, also after following symlinks.',
      });
    }
  }
}

async function existingAncestor(path: string): Promise<string> {
  for (let at = path; ; at = dirname(at)) {
    if ((await exists(at)) || dirname(at) === at) return at;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
