// What the snapshot leaves out or warns about: special files, .loom/.runtime, submodules, nested
// repositories, Git LFS, merge conflicts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createGitRepo, useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { git, snapshot } from './helpers.js';

const tempDir = useTempDirs('loom-snapshot-');

/** A listening unix socket at `path`; resolves with a function that closes it. */
async function listenOn(path: string): Promise<() => Promise<void>> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('special files', () => {
  it('skips FIFOs and sockets (untracked, in subfolders, or replacing a tracked file) with one warning naming them', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n', 'was-file': 'w\n', '.gitignore': '*.ignored-fifo\n' });
    execFileSync('mkfifo', [join(repo.dir, 'top.fifo'), join(repo.dir, 'x.ignored-fifo')]);
    repo.write({ 'sub/dir/keep.txt': 'k\n' });
    execFileSync('mkfifo', [join(repo.dir, 'sub/dir/deep.fifo')]);
    unlinkSync(join(repo.dir, 'was-file'));
    execFileSync('mkfifo', [join(repo.dir, 'was-file')]);
    const close = await listenOn(join(repo.dir, 'dev.sock'));
    try {
      const snap = await snapshot(repo.dir, tempDir());
      expect(snap.tree).toEqual({ '.gitignore': '*.ignored-fifo\n', 'a.txt': 'a\n', 'sub/dir/keep.txt': 'k\n' });
      expect(snap.skipped).toEqual([
        { path: 'dev.sock', reason: 'special-file' },
        { path: 'sub/dir/deep.fifo', reason: 'special-file' },
        { path: 'top.fifo', reason: 'special-file' },
        { path: 'was-file', reason: 'special-file' },
      ]);
      expect(snap.warnings).toHaveLength(1);
      expect(snap.warnings[0]?.message).toBe(
        'skipped 4 special files (FIFO, socket or device), which a snapshot cannot hold: dev.sock, sub/dir/deep.fifo, top.fifo, was-file',
      );
      expect(snap.received).toEqual(snap.warnings);
    } finally {
      await close();
    }
  });
});

describe('.loom/.runtime of the source repository', () => {
  it('is never copied (even when not gitignored), and the snapshot keeps its own out of git status', async () => {
    const repo = await createGitRepo(tempDir(), { '.loom/workflow.yml': 'jobs: {}\n' });
    repo.write({ '.loom/.runtime/logs/loom-run-local-1/events.jsonl': '{}\n', '.loom/.runtime/receipts/r.json': '{}\n', '.loom/notes.md': 'n\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ '.loom/notes.md': 'n\n', '.loom/workflow.yml': 'jobs: {}\n' });
    expect(snap.skipped).toEqual([{ path: '.loom/.runtime/', reason: 'loom-runtime' }]);
    expect(snap.warnings).toEqual([]);
    expect(readFileSync(join(snap.path, '.git/info/exclude'), 'utf8')).toContain('/.loom/.runtime/\n');
    writeTree(snap.path, { '.loom/.runtime/logs/x': 'run output\n' });
    expect(git(snap.path, 'status', '--porcelain')).toBe('?? .loom/notes.md\n');
  });

  it('is removed from the snapshot with a warning when HEAD tracks it', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n', '.loom/.runtime/receipts/old.json': '{}\n' });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree).toEqual({ 'a.txt': 'a\n' });
    expect(snap.warnings.map((w) => w.code)).toEqual(['SNAPSHOT_TRACKED_RUNTIME_REMOVED']);
  });
});

describe('submodules and nested repositories', () => {
  it('leaves submodule directories empty and says so; skips an untracked nested repository', async () => {
    const lib = await createGitRepo(tempDir(), { 'lib.txt': 'library\n' });
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    git(repo.dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'libs/lib');
    await repo.commitAll('add submodule');
    repo.write({ 'vendor/other/file.txt': 'o\n' });
    git(join(repo.dir, 'vendor/other'), 'init', '-q');
    const snap = await snapshot(repo.dir, tempDir());
    expect(readdirSync(join(snap.path, 'libs/lib'))).toEqual([]);
    expect(existsSync(join(snap.path, 'vendor'))).toBe(false);
    expect(Object.keys(snap.tree)).toEqual(['.gitmodules', 'a.txt']);
    expect(snap.skipped).toEqual([{ path: 'vendor/other/', reason: 'nested-repository' }]);
    expect(snap.warnings.map((w) => [w.code, w.paths])).toEqual([
      ['SNAPSHOT_SUBMODULES_NOT_INCLUDED', ['libs/lib/']],
      ['SNAPSHOT_NESTED_REPOSITORIES_SKIPPED', ['vendor/other/']],
    ]);
  });
});

describe('Git LFS', () => {
  it('copies pointer files as they are and warns that nothing was downloaded', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    const repo = await createGitRepo(tempDir(), { '.gitattributes': '*.bin filter=lfs diff=lfs merge=lfs -text\n', 'model.bin': pointer });
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree['model.bin']).toBe(pointer);
    expect(snap.warnings.map((w) => w.code)).toEqual(['SNAPSHOT_LFS_POINTERS']);
  });
});

describe('merge conflicts', () => {
  it('copies conflicted files with their markers and warns', async () => {
    const repo = await createGitRepo(tempDir(), { 'c.txt': 'base\n' });
    git(repo.dir, 'checkout', '-q', '-b', 'other');
    repo.write({ 'c.txt': 'theirs\n' });
    await repo.commitAll('theirs');
    git(repo.dir, 'checkout', '-q', 'main');
    repo.write({ 'c.txt': 'ours\n' });
    await repo.commitAll('ours');
    expect(() => git(repo.dir, 'merge', '-q', 'other')).toThrow();
    const snap = await snapshot(repo.dir, tempDir());
    expect(snap.tree['c.txt']).toContain('<<<<<<<');
    expect(snap.counts.conflicted).toBe(1);
    expect(snap.warnings.map((w) => w.code)).toEqual(['SNAPSHOT_CONFLICTS_COPIED']);
  });
});
