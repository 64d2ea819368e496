/** Test helpers: run git directly, take a snapshot into a temp dir, and read a tree back. */
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createSnapshot } from '../src/index.js';
import type { SnapshotManifest, SnapshotWarning } from '../src/index.js';

/** `git <args>` in `cwd` (stdout). Plain child_process: tests need options simple-git guards, e.g. protocol.file.allow. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export type Entry = string | { symlink: string } | { special: true };

/** Every file under `root` (not `.git`), as content, symlink target or special marker; sorted by path. */
export function readTree(root: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (rel: string): void => {
    for (const entry of readdirSync(rel ? join(root, rel) : root, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (path === '.git') continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink()) out[path] = { symlink: readlinkSync(join(root, path)) };
      else if (entry.isFile()) out[path] = readFileSync(join(root, path), 'utf8');
      else out[path] = { special: true };
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The file mode bits of `file` (no type bits). */
export const modeOf = (file: string): number => lstatSync(file).mode & 0o7777;

export interface Snapped extends SnapshotManifest {
  tree: Record<string, Entry>;
  /** Warnings as received through `onWarning`. */
  received: SnapshotWarning[];
}

/** Snapshots `repoRoot` into `tmpdir` and reads the result back. */
export async function snapshot(repoRoot: string, tmpdir: string, runId = 'loom-run-local-1772666574190575000'): Promise<Snapped> {
  const received: SnapshotWarning[] = [];
  const manifest = await createSnapshot({ repoRoot, runId, tmpdir, onWarning: (w) => received.push(w) });
  return { ...manifest, tree: readTree(manifest.path), received };
}
