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
  await git.addConfig('user.name', 'Loom Test');
  await git.addConfig('user.email', 'test@loom.invalid');
  await git.addConfig('commit.gpgsign', 'false');
  const repo: TestRepo = {
    dir,
    git,
    write: (tree) => writeTree(dir, tree),
    commitAll: async (message = 'commit') => {
      await git.add(['-A']);
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
