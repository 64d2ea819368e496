// Where the snapshot goes, and the failures a user can act on: each a LoomError with a hint, and never a
// half-made snapshot left behind.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepo, describeWithRequirement, useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { createSnapshot } from '../src/index.js';
import { git, modeOf, snapshot } from './helpers.js';

const tempDir = useTempDirs('loom-snapshot-');
const runId = 'loom-run-local-1772666574190575000';

const failure = (code: string) => expect.objectContaining({ name: 'LoomError', code, hint: expect.any(String) });

describe('location and lifetime', () => {
  it('is <tmpdir>/<runId>-<random uint32>, private (0700), and still there afterwards', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    const parent = tempDir();
    const first = await snapshot(repo.dir, parent, runId);
    const second = await snapshot(repo.dir, parent, runId);
    expect(first.path).toMatch(new RegExp(`^${parent}/${runId}-\\d{1,10}$`));
    expect(second.path).not.toBe(first.path);
    expect(modeOf(first.path)).toBe(0o700);
    expect(readdirSync(parent).sort()).toEqual([first.path, second.path].map((p) => p.slice(parent.length + 1)).sort());
    expect(first.durationMs).toBeGreaterThan(0);
  });

  it('defaults to os.tmpdir(), which honours TMPDIR', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    const parent = tempDir();
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = parent;
    try {
      const manifest = await createSnapshot({ repoRoot: repo.dir, runId });
      expect(manifest.path.startsWith(`${parent}/${runId}-`)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
  });

  it('works when the temp dir is inside the repository (the snapshot never copies itself)', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    repo.write({ 'wip.txt': 'w\n' });
    mkdirSync(join(repo.dir, 'tmp'));
    const snap = await snapshot(repo.dir, join(repo.dir, 'tmp'));
    expect(snap.tree).toEqual({ 'a.txt': 'a\n', 'wip.txt': 'w\n' });
    const again = await snapshot(repo.dir, join(repo.dir, 'tmp'));
    expect(again.tree).toEqual({ 'a.txt': 'a\n', 'wip.txt': 'w\n' });
    expect(again.skipped).toEqual([{ path: `tmp/${snap.path.split('/').pop()}/`, reason: 'nested-repository' }]);
  });
});

describe('errors', () => {
  it('not a git repository (a plain folder, a missing folder, a bare repository)', async () => {
    const plain = tempDir();
    const parent = tempDir();
    await expect(createSnapshot({ repoRoot: plain, runId, tmpdir: parent })).rejects.toThrow(failure('SNAPSHOT_NOT_A_REPO'));
    await expect(createSnapshot({ repoRoot: join(plain, 'missing'), runId, tmpdir: parent })).rejects.toThrow(/not inside a git working tree \(no such directory\)/);
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    await expect(createSnapshot({ repoRoot: bare, runId, tmpdir: parent })).rejects.toThrow(/bare repository/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a repository with no commits', async () => {
    const repo = await createGitRepo(tempDir());
    repo.write({ 'a.txt': 'a\n' });
    const parent = tempDir();
    const error = await createSnapshot({ repoRoot: repo.dir, runId, tmpdir: parent }).catch((e: unknown) => e);
    expect(error).toEqual(failure('SNAPSHOT_NO_COMMITS'));
    expect((error as Error).message).toBe(`the repository ${repo.dir} has no commits yet, so there is no HEAD to snapshot`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)('a repository owned by another user (git\'s "dubious ownership"), as root', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    execFileSync('chown', ['-R', '65534:65534', repo.dir]);
    const config = join(tempDir(), 'empty-gitconfig'); // no safe.directory from the machine's global config
    writeFileSync(config, '');
    const saved = process.env['GIT_CONFIG_GLOBAL'];
    process.env['GIT_CONFIG_GLOBAL'] = config;
    try {
      await expect(createSnapshot({ repoRoot: repo.dir, runId, tmpdir: tempDir() })).rejects.toThrow(failure('SNAPSHOT_UNSAFE_REPO'));
    } finally {
      if (saved === undefined) delete process.env['GIT_CONFIG_GLOBAL'];
      else process.env['GIT_CONFIG_GLOBAL'] = saved;
    }
  });

  it('a run id that cannot name a directory, and a temp dir that does not exist', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    await expect(createSnapshot({ repoRoot: repo.dir, runId: '../escape', tmpdir: tempDir() })).rejects.toThrow(failure('SNAPSHOT_BAD_RUN_ID'));
    await expect(createSnapshot({ repoRoot: repo.dir, runId, tmpdir: join(tempDir(), 'nope') })).rejects.toThrow(failure('SNAPSHOT_TMPDIR_UNUSABLE'));
  });
});

/** Whether this process may mount a tmpfs (root in a privileged enough container). */
function canMountTmpfs(): boolean {
  const dir = join(tmpdir(), `loom-snapshot-probe-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    try {
      execFileSync('rmdir', [dir], { stdio: 'ignore' });
    } catch {
      // nothing to remove
    }
  }
}

describeWithRequirement('another filesystem, and a full disk (a 1 MiB tmpfs as TMPDIR)', { available: canMountTmpfs(), what: 'mount -t tmpfs (root)' }, () => {
  /** Mounts a small tmpfs for one test; unmounted when the temp dirs are removed (unmount first). */
  function smallDisk(size = '1m'): { dir: string; unmount: () => void } {
    const dir = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    return { dir, unmount: () => execFileSync('umount', [dir]) };
  }

  it('(control) a temp dir on another filesystem than the repository works: objects are copied, not linked', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    repo.write({ 'b.txt': 'b\n' });
    const disk = smallDisk('8m');
    try {
      const snap = await snapshot(repo.dir, disk.dir);
      expect(snap.tree).toEqual({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
      expect(git(snap.path, 'fsck', '--no-progress').trim()).toBe('');
    } finally {
      disk.unmount();
    }
  });

  it('while cloning: SNAPSHOT_DISK_FULL, and nothing is left behind', async () => {
    const repo = await createGitRepo(tempDir(), { 'big.bin': randomBytes(3 * 1024 * 1024) });
    const disk = smallDisk();
    try {
      const error = await createSnapshot({ repoRoot: repo.dir, runId, tmpdir: disk.dir }).catch((e: unknown) => e);
      expect(error).toEqual(failure('SNAPSHOT_DISK_FULL'));
      expect((error as Error).message).toContain(disk.dir);
      expect(readdirSync(disk.dir)).toEqual([]);
    } finally {
      disk.unmount();
    }
  });

  it('while copying a large untracked file: SNAPSHOT_DISK_FULL, and nothing is left behind', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
    writeFileSync(join(repo.dir, 'large-untracked.bin'), randomBytes(3 * 1024 * 1024));
    const disk = smallDisk();
    try {
      await expect(createSnapshot({ repoRoot: repo.dir, runId, tmpdir: disk.dir })).rejects.toThrow(failure('SNAPSHOT_DISK_FULL'));
      expect(readdirSync(disk.dir)).toEqual([]);
      expect(statSync(disk.dir).isDirectory()).toBe(true);
    } finally {
      disk.unmount();
    }
  });
}, { tags: ['host'] });
