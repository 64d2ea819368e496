/** Best-effort `CI_COMMIT_BRANCH`: read the source repository's HEAD without spawning git. */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

/** `.git` is a folder, or (worktrees, submodules) a file `gitdir: <path>`. */
async function gitDir(repoRoot: string): Promise<string> {
  const dotGit = join(repoRoot, '.git');
  const text = await readFile(dotGit, 'utf8').catch(() => undefined);
  const match = text?.match(/^gitdir:\s*(.+)\s*$/m);
  if (!match?.[1]) return dotGit;
  return isAbsolute(match[1]) ? match[1] : join(repoRoot, match[1]);
}

/** The checked-out branch of `repoRoot`, or `''` when HEAD is detached or cannot be read. */
export async function currentBranch(repoRoot: string): Promise<string> {
  const head = await readFile(join(await gitDir(repoRoot), 'HEAD'), 'utf8').catch(() => '');
  const match = head.match(/^ref:\s*refs\/heads\/(.+?)\s*$/m);
  return match?.[1] ?? '';
}
