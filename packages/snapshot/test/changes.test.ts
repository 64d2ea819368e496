// The working-tree situations beyond the seed's table: renames, staged deletes, re-edits, type changes,
// odd names, executables, symlinks leaving the repository, detached HEAD, linked worktrees.
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { git, modeOf, snapshot } from './helpers.js';

const tempDir = useTempDirs('loom-snapshot-');

describe('renames and deletions', () => {
  it('applies renames into new folders and renamed-then-edited files', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'alpha\n'.repeat(20), 'b.txt': 'beta\n'.repeat(20) });
    mkdirSync(join(repo.dir, 'moved'));
    await repo.git.mv('a.txt', 'moved/a.txt');
    await repo.git.mv('b.txt', 'b2.txt');
    writeFileSync(join(repo.dir, 'b2.txt'), `${'beta\n'.repeat(20)}edited after the rename\n`);
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'b2.txt': `${'beta\n'.repeat(20)}edited after the rename\n`, 'moved/a.txt': 'alpha\n'.repeat(20) });
    expect(snap.counts).toMatchObject({ renamed: 2, deleted: 0 });
  });

  it('git rm removes; git rm --cached keeps a non-ignored file (untracked) and drops an ignored one', async () => {
    const repo = await createGitRepo(tempDir(), { 'rm.txt': 'r\n', 'cached.txt': 'c\n', 'local.env': 'x\n', 'stay.txt': 's\n' });
    repo.write({ '.gitignore': '*.env\n' });
    await repo.commitAll('ignore env files from now on');
    await repo.git.rm(['rm.txt']);
    await repo.git.rm(['--cached', 'cached.txt', 'local.env']);
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ '.gitignore': '*.env\n', 'cached.txt': 'c\n', 'stay.txt': 's\n' });
    expect(snap.counts).toMatchObject({ deleted: 3, untracked: 1 });
  });

  it('a staged file that was deleted again from disk is absent', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    repo.write({ 'fleeting.txt': 'f\n' });
    await repo.git.add(['fleeting.txt']);
    unlinkSync(join(repo.dir, 'fleeting.txt'));
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'a.txt': 'a\n' });
    expect(snap.counts).toMatchObject({ added: 0, deleted: 0 });
  });
});

describe('staged and then modified again', () => {
  it('takes the working-tree content, not the staged one, for tracked and new files', async () => {
    const repo = await createGitRepo(tempDir(), { 'tracked.txt': 'v1\n' });
    repo.write({ 'tracked.txt': 'v2 staged\n', 'new.txt': 'n1 staged\n' });
    await repo.git.add(['tracked.txt', 'new.txt']);
    repo.write({ 'tracked.txt': 'v3 on disk\n', 'new.txt': 'n2 on disk\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'new.txt': 'n2 on disk\n', 'tracked.txt': 'v3 on disk\n' });
    expect(snap.counts).toMatchObject({ modified: 1, added: 1 });
  });
});

describe('type changes', () => {
  it('file → symlink, symlink → file, file → directory and directory → file', async () => {
    const repo = await createGitRepo(tempDir(), {
      'was-file': 'f\n', 'was-link': { symlink: 'was-file' }, 'becomes-dir': 'x\n', 'dir/inner.txt': 'i\n',
    });
    unlinkSync(join(repo.dir, 'was-file'));
    symlinkSync('elsewhere', join(repo.dir, 'was-file'));
    unlinkSync(join(repo.dir, 'was-link'));
    writeFileSync(join(repo.dir, 'was-link'), 'now a file\n');
    unlinkSync(join(repo.dir, 'becomes-dir'));
    repo.write({ 'becomes-dir/child.txt': 'c\n' });
    rmSync(join(repo.dir, 'dir'), { recursive: true });
    writeFileSync(join(repo.dir, 'dir'), 'dir is a file now\n');
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({
      'becomes-dir/child.txt': 'c\n',
      'dir': 'dir is a file now\n',
      'was-file': { symlink: 'elsewhere' },
      'was-link': 'now a file\n',
    });
  });
});

describe('ignore rules', () => {
  it('leaves out ignored files inside untracked directories', async () => {
    const repo = await createGitRepo(tempDir(), { '.gitignore': '*.log\nbuild/\n', 'a.txt': 'a\n' });
    repo.write({ 'newdir/keep.txt': 'k\n', 'newdir/trace.log': 'l\n', 'newdir/build/out.js': 'o\n', 'newdir/sub/also.txt': 's\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(Object.keys(snap.tree)).toEqual(['.gitignore', 'a.txt', 'newdir/keep.txt', 'newdir/sub/also.txt']);
  });

  it('honours nested .gitignore files (with negation), .git/info/exclude and the global excludes file', async () => {
    const repo = await createGitRepo(tempDir(), { 'sub/.gitignore': '*.tmp\n!keep.tmp\n', 'a.txt': 'a\n' });
    writeFileSync(join(repo.dir, '.git/info/exclude'), 'local-only.txt\n');
    const home = tempDir();
    writeFileSync(join(home, 'ignore'), 'global-ignored.txt\n');
    writeFileSync(join(home, 'gitconfig'), `[core]\n\texcludesFile = ${join(home, 'ignore')}\n`);
    repo.write({
      'root.tmp': 'r\n', 'sub/x.tmp': 'x\n', 'sub/keep.tmp': 'k\n', 'local-only.txt': 'l\n',
      'global-ignored.txt': 'g\n', 'sub/deeper/global-ignored.txt': 'g\n',
    });
    const saved = process.env['GIT_CONFIG_GLOBAL'];
    process.env['GIT_CONFIG_GLOBAL'] = join(home, 'gitconfig');
    try {
      const snap = await snapshot(repo.dir, tempDir());
      expect(Object.keys(snap.tree)).toEqual(['a.txt', 'root.tmp', 'sub/.gitignore', 'sub/keep.tmp']);
    } finally {
      if (saved === undefined) delete process.env['GIT_CONFIG_GLOBAL'];
      else process.env['GIT_CONFIG_GLOBAL'] = saved;
    }
  });
});

describe('file names and modes', () => {
  const odd = ['with space.txt', 'ünïcødé-日本語.txt', 'new\nline.txt', 'tab\there.txt', '-leading-dash', '"quoted".txt', 'back\\slash'];

  it('copies names with spaces, unicode, newlines, tabs, quotes and leading dashes (tracked, untracked, renamed)', async () => {
    const committed = Object.fromEntries(odd.map((name) => [`tracked/${name}`, 'v1\n']));
    const repo = await createGitRepo(tempDir(), { ...committed, 'old name.txt': 'r\n' });
    repo.write(Object.fromEntries(odd.map((name) => [`tracked/${name}`, `v2 ${name}\n`])));
    repo.write(Object.fromEntries(odd.map((name) => [`untracked dir/${name}`, name])));
    await repo.git.mv('old name.txt', 'new\nname ü.txt');
    const snap = await snapshot(repo.dir, tempDir());
    const expected: Record<string, string> = { 'new\nname ü.txt': 'r\n' };
    for (const name of odd) {
      expected[`tracked/${name}`] = `v2 ${name}\n`;
      expected[`untracked dir/${name}`] = name;
    }
    expect(snap.tree).toEqual(Object.fromEntries(Object.entries(expected).sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(snap.counts).toMatchObject({ modified: odd.length, untracked: odd.length, renamed: 1 });
  });

  it('keeps the executable bit of new scripts and of tracked files made executable', async () => {
    const repo = await createGitRepo(tempDir(), { 'build.sh': { content: '#!/bin/sh\necho build\n', mode: 0o755 }, 'tool.sh': '#!/bin/sh\n' });
    repo.write({ 'new.sh': { content: '#!/bin/sh\necho new\n', mode: 0o755 } });
    chmodSync(join(repo.dir, 'tool.sh'), 0o755);
    const snap = await snapshot(repo.dir, tempDir());
    for (const name of ['build.sh', 'new.sh', 'tool.sh']) expect(modeOf(join(snap.path, name)) & 0o111).toBe(0o111);
    expect(snap.counts).toMatchObject({ modified: 1, untracked: 1 });
  });
});

describe('symlinks pointing outside', () => {
  it('copies a link to a path outside the repository as a link, never the outside content', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.txt'), 'outside content\n');
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    symlinkSync(join(outside, 'secret.txt'), join(repo.dir, 'abs-link'));
    symlinkSync('../../escape', join(repo.dir, 'rel-link'));
    symlinkSync(outside, join(repo.dir, 'dir-link'));
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({
      'a.txt': 'a\n',
      'abs-link': { symlink: join(outside, 'secret.txt') },
      'dir-link': { symlink: outside },
      'rel-link': { symlink: '../../escape' },
    });
    expect(snap.bytesCopied).toBe(0);
  });
});

describe('where HEAD is', () => {
  it('snapshots a repository whose HEAD is already detached, at that commit', async () => {
    const repo = await createGitRepo(tempDir(), { 'v.txt': 'first\n' });
    const first = (await repo.git.revparse(['HEAD'])).trim();
    repo.write({ 'v.txt': 'second\n' });
    await repo.commitAll('second');
    git(repo.dir, 'checkout', '-q', '--detach', first);
    repo.write({ 'wip.txt': 'w\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.headSha).toBe(first);
    expect(git(snap.path, 'rev-parse', 'HEAD').trim()).toBe(first);
    expect(snap.tree).toEqual({ 'v.txt': 'first\n', 'wip.txt': 'w\n' });
  });

  it('snapshots a linked worktree on another branch, and the top level when given a subdirectory', async () => {
    const repo = await createGitRepo(tempDir(), { 'main.txt': 'm\n', 'sub/x.txt': 'x\n' });
    const worktree = join(tempDir(), 'wt');
    git(repo.dir, 'worktree', 'add', '-q', '-b', 'feature', worktree);
    writeFileSync(join(worktree, 'feature.txt'), 'f\n');
    const snap = await snapshot(join(worktree, 'sub'), tempDir());
    expect(snap.repoRoot).toBe(worktree);
    expect(snap.tree).toEqual({ 'feature.txt': 'f\n', 'main.txt': 'm\n', 'sub/x.txt': 'x\n' });
    expect(readFileSync(join(repo.dir, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });
});
