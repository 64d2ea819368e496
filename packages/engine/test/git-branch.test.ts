import { describe, expect, it } from 'vitest';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { currentBranch } from '../src/git-branch.js';

const tempDir = useTempDirs('loom-engine-branch-');

describe('currentBranch', () => {
  it('reads the checked-out branch, and is empty when detached or not a repository', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a' });
    expect(await currentBranch(repo.dir)).toBe('main');
    await repo.git.checkout(['-b', 'feature/x']);
    expect(await currentBranch(repo.dir)).toBe('feature/x');
    await repo.git.checkout(['--detach']);
    expect(await currentBranch(repo.dir)).toBe('');
    expect(await currentBranch(tempDir())).toBe('');
  });
});
