/**
 * Isolated workspaces after their run: which exist for a repository, which run a live Loom process still
 * uses, and removing one. A run is "in use" while `<repo>/.loom/.runtime/locks/<runId>.lock` names a live
 * process on this host. `createSnapshot` writes the lock before it makes the workspace and leaves it behind
 * when the run ends (a dead pid is no lock; retention removes stale locks with their run). The lock lives
 * in the repository's runtime directory, never in the temp dir: a temp dir inside the repository must not
 * see extra files, and the runtime directory is never snapshotted.
 */
import { mkdir, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RUNTIME_DIR } from './plan.js';

/** `loom-run-local-<ns>-<uint32>`: the run id, then the random part. */
const WORKSPACE_NAME = /^(loom-run-local-\d+)-\d+$/;

export interface RunLock {
  pid: number;
  host: string;
  runId: string;
  /** RFC 3339. */
  createdAt: string;
}

export const runLockPath = (repoRoot: string, runId: string): string => join(repoRoot, RUNTIME_DIR, 'locks', `${runId}.lock`);

/** Marks the run as in use by this process (written before its workspace is made). */
export async function lockRun(repoRoot: string, runId: string): Promise<void> {
  const lock: RunLock = { pid: process.pid, host: hostname(), runId, createdAt: new Date().toISOString() };
  const path = runLockPath(repoRoot, runId);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `${JSON.stringify(lock)}\n`, { mode: 0o600 });
}

/** Whether a live process holds the run's lock (EPERM: alive, someone else's; another host: assumed alive). */
export async function runInUse(repoRoot: string, runId: string): Promise<boolean> {
  let lock: Partial<RunLock>;
  try {
    lock = JSON.parse(await readFile(runLockPath(repoRoot, runId), 'utf8')) as Partial<RunLock>;
  } catch {
    return false; // no lock, or a torn one from a crash while writing it
  }
  if (typeof lock.pid !== 'number') return false;
  if (lock.host !== undefined && lock.host !== hostname()) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a stale (or never written) lock; the caller has checked `runInUse`. */
export async function unlockRun(repoRoot: string, runId: string): Promise<void> {
  await rm(runLockPath(repoRoot, runId), { force: true });
}

export interface ListedWorkspace {
  path: string;
  runId: string;
}

/**
 * The workspaces in `parent` made from `repoRoot` (their clone's `origin` is the repository's path). Others
 * (other repositories, other tools' temp dirs) are never listed, so never removed.
 */
export async function listWorkspaces(parent: string, repoRoot: string): Promise<ListedWorkspace[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const root = await realpath(repoRoot).catch(() => repoRoot);
  // The temp dir holds the workspaces of every repository: their configs are read at once, not in turn.
  const listed = await Promise.all(names.map(async (name): Promise<ListedWorkspace | undefined> => {
    const runId = WORKSPACE_NAME.exec(name)?.[1];
    if (!runId) return undefined;
    const path = join(parent, name);
    const origin = await originOf(path);
    return origin !== undefined && (origin === root || origin === repoRoot) ? { path, runId } : undefined;
  }));
  return listed.filter((workspace) => workspace !== undefined);
}

/** `remote.origin.url` of the clone, read from its config file (no git process per workspace). */
async function originOf(workspace: string): Promise<string | undefined> {
  const config = await readFile(join(workspace, '.git', 'config'), 'utf8').catch(() => undefined);
  if (config === undefined) return undefined;
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? '';
  return /^\s*url\s*=\s*(.+?)\s*$/m.exec(section)?.[1];
}

/** Removes a finished run's workspace (the caller has checked `runInUse`). */
export async function removeWorkspace(workspace: string): Promise<void> {
  await rm(workspace, { recursive: true, force: true, maxRetries: 2 });
}
