/** Questions asked of the source repository. Read-only: nothing here writes to it, not even its index. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gitFailed, noCommits, notARepository, unsafeRepository } from './errors.js';
import { runGit } from './git.js';
import { RUNTIME_DIR } from './plan.js';

export interface RepoFacts {
  /** The working tree's top level, absolute. */
  root: string;
  headSha: string;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).trim();

export async function inspectRepo(repoRoot: string): Promise<RepoFacts> {
  const start = resolve(repoRoot);
  if (!statSync(start, { throwIfNoEntry: false })?.isDirectory()) throw notARepository(start, 'no such directory');
  // One process for both facts. `--verify -q` prints nothing for HEAD and exits 1 on an unborn branch, which
  // simple-git resolves (no stderr) with the root alone.
  let lines: string[];
  try {
    lines = (await runGit(start, ['rev-parse', '--show-toplevel', '--verify', '-q', 'HEAD^{commit}'])).trim().split('\n');
  } catch (error) {
    const text = messageOf(error);
    if (/dubious ownership/.test(text)) throw unsafeRepository(start, text);
    if (/must be run in a work tree/.test(text)) throw notARepository(start, 'a bare repository has no working tree to snapshot');
    if (/not a git repository/i.test(text)) throw notARepository(start, text.replace(/^fatal: /, ''));
    throw gitFailed('find the repository root', text, error);
  }
  const [root = '', headSha] = lines;
  if (!headSha) throw noCommits(root);
  return { root, headSha };
}

/**
 * `git status` as porcelain v2 with every untracked file listed (ignore rules, nested `.gitignore`,
 * `.git/info/exclude` and the global excludes file all applied by git itself). `--ignored=matching` adds
 * the ignored directories (not their contents), which the special-file scan must not enter.
 * `--no-optional-locks` keeps it from refreshing the user's index behind their back.
 */
export async function readStatus(root: string, excluded: readonly string[] = []): Promise<string> {
  const args = [
    // `--branch` adds `# branch.*` headers (skipped by the parser): output even when the tree is clean (git.ts).
    '--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--ignored=matching',
    '--ignore-submodules=dirty', '--renames', '--', '.', ...[RUNTIME_DIR, ...excluded].map((dir) => `:(top,literal,exclude)${dir}`),
  ];
  return runGit(root, args).catch((error: unknown) => {
    throw gitFailed('list the working tree changes (git status)', messageOf(error), error);
  });
}

/** Which of `paths` (relative, untracked) the ignore rules match. One git process, only when needed. */
export async function filterIgnored(root: string, paths: readonly string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const input = paths.map((p) => `${p}\0`).join('');
  const out = await runGit(root, ['check-ignore', '-z', '--stdin'], { input }).catch((error: unknown) => {
    throw gitFailed('check ignore rules (git check-ignore)', messageOf(error), error);
  });
  return new Set(out.split('\0').filter(Boolean));
}
