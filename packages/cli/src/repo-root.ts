import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LoomError } from '@loom/errors';

/**
 * The nearest directory at or above `start` that holds `.git` — a directory, or a file as in worktrees and
 * submodules (cli.md "Repo-root discovery", gap 21). `undefined` when there is none.
 */
export function findRepoRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `findRepoRoot`, or a `CLI_REPO_ROOT_NOT_FOUND` error that says what to do. */
export function requireRepoRoot(
  start: string,
  hint = 'run loom inside a git repository (a directory with .git at or above it), or create one with git init',
): string {
  const root = findRepoRoot(start);
  if (root !== undefined) return root;
  throw new LoomError('CLI_REPO_ROOT_NOT_FOUND', `no git repository at or above ${resolve(start)}`, { hint });
}

/**
 * The repo root for a workflow given by path (`loom compile`, `loom run --workflow`): the repository the file
 * lives in. Outside any repository, the folder holding `.loom/` when the file is in one, else the file's folder,
 * so a stray file can still be compiled (its includes resolve from there).
 */
export function repoRootOf(workflowPath: string): string {
  const dir = dirname(resolve(workflowPath));
  return findRepoRoot(dir) ?? (basename(dir) === '.loom' ? dirname(dir) : dir);
}
