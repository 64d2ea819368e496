// One test per row of the seed's "What gets snapshotted" table (seeds/002_0323e8c0015b38b1.txt).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { git, snapshot } from './helpers.js';

const tempDir = useTempDirs('loom-snapshot-');

async function repoWith(files: Record<string, string | { symlink: string }>) {
  return createGitRepo(tempDir(), files);
}

describe('the seed inclusion table', () => {
  it('HEAD commit — yes: cloned and checked out detached, a real git clone', async () => {
    const repo = await repoWith({ 'README.md': 'hello\n', 'src/app.js': 'app\n' });
    const head = (await repo.git.revparse(['HEAD'])).trim();
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.headSha).toBe(head);
    expect(snap.tree).toEqual({ 'README.md': 'hello\n', 'src/app.js': 'app\n' });
    expect(git(snap.path, 'rev-parse', 'HEAD').trim()).toBe(head);
    expect(() => git(snap.path, 'symbolic-ref', '-q', 'HEAD')).toThrow(); // detached
    expect(statSync(join(snap.path, '.git')).isDirectory()).toBe(true);
    expect(git(snap.path, 'remote', 'get-url', 'origin').trim()).toBe(repo.dir);
    expect(git(snap.path, 'status', '--porcelain')).toBe('');
  });

  it('modified tracked files — yes: dirty contents copied over the checkout', async () => {
    const repo = await repoWith({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
    repo.write({ 'a.txt': 'one, edited\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'a.txt': 'one, edited\n', 'b.txt': 'two\n' });
    expect(snap.counts).toMatchObject({ modified: 1, added: 0, deleted: 0, untracked: 0 });
    expect(snap.bytesCopied).toBe('one, edited\n'.length);
  });

  it('added/renamed tracked files — yes: staged additions and renames applied', async () => {
    const repo = await repoWith({ 'old.txt': 'moving\n' });
    repo.write({ 'added.txt': 'new\n' });
    await repo.git.add(['added.txt']);
    await repo.git.mv('old.txt', 'new.txt');
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'added.txt': 'new\n', 'new.txt': 'moving\n' });
    expect(snap.counts).toMatchObject({ added: 1, renamed: 1 });
  });

  it('deleted tracked files — yes: removed from the snapshot (and emptied folders with them)', async () => {
    const repo = await repoWith({ 'keep.txt': 'k\n', 'gone.txt': 'g\n', 'dir/only.txt': 'o\n' });
    unlinkSync(join(repo.dir, 'gone.txt'));
    unlinkSync(join(repo.dir, 'dir/only.txt'));
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'keep.txt': 'k\n' });
    expect(existsSync(join(snap.path, 'dir'))).toBe(false);
    expect(snap.counts.deleted).toBe(2);
  });

  it('untracked, non-ignored files — yes: copied', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' });
    repo.write({ 'notes.md': 'n\n', 'deep/er/file.txt': 'd\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'a.txt': 'a\n', 'deep/er/file.txt': 'd\n', 'notes.md': 'n\n' });
    expect(snap.counts.untracked).toBe(2);
  });

  it('gitignored files — no: excluded (files and whole directories)', async () => {
    const repo = await repoWith({ '.gitignore': '.env\nnode_modules/\n*.log\n', 'a.txt': 'a\n' });
    repo.write({ '.env': 'SECRET=1\n', 'node_modules/dep/index.js': 'x\n', 'debug.log': 'l\n', 'kept.txt': 'k\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ '.gitignore': '.env\nnode_modules/\n*.log\n', 'a.txt': 'a\n', 'kept.txt': 'k\n' });
  });

  it('symlinks — preserved: copied as symlinks, targets not dereferenced', async () => {
    const repo = await repoWith({ 'target.txt': 't\n', 'committed-link': { symlink: 'target.txt' } });
    repo.write({ 'new-link': { symlink: 'target.txt' }, 'dir-link': { symlink: 'src' }, 'dangling': { symlink: 'nowhere/at/all' } });
    mkdirSync(join(repo.dir, 'src'));
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({
      'committed-link': { symlink: 'target.txt' },
      'dangling': { symlink: 'nowhere/at/all' },
      'dir-link': { symlink: 'src' },
      'new-link': { symlink: 'target.txt' },
      'target.txt': 't\n',
    });
    expect(snap.counts).toMatchObject({ untracked: 3, symlinks: 3 });
  });

  it('non-regular files — no: a FIFO is skipped with a warning naming it', async () => {
    const repo = await repoWith({ 'a.txt': 'a\n' });
    execFileSync('mkfifo', [join(repo.dir, 'events.fifo')]);
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'a.txt': 'a\n' });
    expect(snap.skipped).toEqual([{ path: 'events.fifo', reason: 'special-file' }]);
    expect(snap.received.map((w) => w.code)).toEqual(['SNAPSHOT_SPECIAL_FILES_SKIPPED']);
    expect(snap.received[0]?.message).toContain('events.fifo');
  });
});
