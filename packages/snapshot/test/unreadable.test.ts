// Unreadable files and directories: SNAPSHOT_UNREADABLE_FILE naming them, and nothing left behind.
//
// Root reads a chmod-000 file anyway (CAP_DAC_OVERRIDE), and CI runs as root. So, when root, this test drops
// its effective uid/gid to nobody around the call (seteuid is reversible because the real uid stays 0,
// and effective capabilities go with it): the permission check then really fails, as for a normal user.
// This file runs in its own forked worker, so no other test sees the lowered ids. The repository and the
// temp dirs are handed to nobody; git (spawned with euid nobody) needs them owned by that user.
import { chmodSync, chownSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { createSnapshot } from '../src/index.js';

const tempDir = useTempDirs('loom-snapshot-');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    chownSync(join(entry.parentPath, entry.name), uid, uid);
  }
}

/** Runs `action` with this process's effective ids lowered to nobody when it is root (see the top). */
async function asUnprivileged<T>(home: string, action: () => Promise<T>): Promise<T> {
  if (!isRoot) return action();
  const savedHome = process.env['HOME'];
  process.env['HOME'] = home; // /root is not readable by nobody; git reads $HOME/.gitconfig
  process.setegid?.(NOBODY);
  process.seteuid?.(NOBODY);
  try {
    return await action();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
    process.env['HOME'] = savedHome;
  }
}

/** A repository (plus temp parent and home) ready for `asUnprivileged`; `prepare` makes something unreadable. */
async function setUp(prepare: (dir: string) => void) {
  const repo = await createGitRepo(tempDir(), { 'a.txt': 'a\n' });
  const parent = tempDir();
  const home = tempDir();
  // git run by another uid than the owner would refuse the repository as "dubious"; the spawned
  // upload-pack during clone runs with the real uid (root), hence safe.directory for that side
  writeFileSync(join(home, '.gitconfig'), '[safe]\n\tdirectory = *\n');
  prepare(repo.dir);
  if (isRoot) for (const dir of [repo.dir, parent, home]) chownTree(dir, NOBODY);
  const snap = () => asUnprivileged(home, () => createSnapshot({ repoRoot: repo.dir, runId: 'loom-run-local-1', tmpdir: parent }));
  return { repo, parent, snap };
}

describe('unreadable paths', () => {
  it('a file: fails with SNAPSHOT_UNREADABLE_FILE naming it, with a hint, leaving no snapshot', async () => {
    let secret = '';
    const { parent, snap } = await setUp((dir) => {
      secret = join(dir, 'private.key');
      writeFileSync(secret, 'key\n');
      chmodSync(secret, 0o000);
    });
    const error = await snap().catch((e: unknown) => e);
    expect(error).toEqual(expect.objectContaining({
      name: 'LoomError',
      code: 'SNAPSHOT_UNREADABLE_FILE',
      message: `cannot read ${secret} to copy it into the isolated workspace (EACCES)`,
      hint: 'make it readable (chmod u+r), or add it to .gitignore if the jobs do not need it',
      location: { file: secret },
    }));
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a directory git would skip with a mere warning: fails the same way instead of losing its files', async () => {
    let locked = '';
    const { parent, snap } = await setUp((dir) => {
      locked = join(dir, 'locked');
      writeTree(dir, { 'locked/inside.txt': 'i\n' });
      chmodSync(locked, 0o000);
    });
    await expect(snap()).rejects.toThrow(expect.objectContaining({ code: 'SNAPSHOT_UNREADABLE_FILE', location: { file: `${locked}/` } }));
    expect(readdirSync(parent)).toEqual([]);
    chmodSync(locked, 0o755); // let the temp dir cleanup in
  });
});
