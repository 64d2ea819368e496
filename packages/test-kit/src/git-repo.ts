import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { writeTree, type Tree } from './tree.js';

export interface TestRepo {
  dir: string;
  git: SimpleGit;
  /** Writes files (relative paths) into the working tree. */
  write(tree: Tree): void;
  /** `git add -A` and commit; returns the new HEAD sha. */
  commitAll(message?: string): Promise<string>;
}

/** A real git repository in `dir` with a local identity; `files` are committed as the first commit. */
export async function createGitRepo(dir: string, files?: Tree): Promise<TestRepo> {
  const git = simpleGit(dir);
  await git.init(['--initial-branch=main']);
  // Written directly, and `add --verbose`: simple-git waits 50 ms after every git command that prints
  // nothing (see @loom/snapshot's git.ts), which four silent commands per test repository add up to.
  appendFileSync(join(dir, '.git', 'config'), '[user]\n\tname = Loom Test\n\temail = test@loom.invalid\n[commit]\n\tgpgsign = false\n');
  const repo: TestRepo = {
    dir,
    git,
    write: (tree) => writeTree(dir, tree),
    commitAll: async (message = 'commit') => {
      await git.raw(['add', '-A', '--verbose']);
      await git.commit(message, undefined, { '--allow-empty': null });
      return (await git.revparse(['HEAD'])).trim();
    },
  };
  if (files) {
    repo.write(files);
    await repo.commitAll('initial');
  }
  return repo;
}
