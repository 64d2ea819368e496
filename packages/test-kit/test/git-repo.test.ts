import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo, useTempDirs } from '../src/index.js';

const tempDir = useTempDirs();

describe('createGitRepo', () => {
  it('commits the given tree, symlinks and modes included', async () => {
    const dir = tempDir();
    const repo = await createGitRepo(dir, { 'a.txt': 'hello', 'bin/run.sh': { content: '#!/bin/sh\n', mode: 0o755 }, link: { symlink: 'a.txt' } });
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('hello');
    expect(lstatSync(join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'bin/run.sh')).mode & 0o111).not.toBe(0);
    expect((await repo.git.status()).isClean()).toBe(true);
    expect(existsSync(join(dir, '.git'))).toBe(true);
  });
});
