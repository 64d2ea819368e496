/**
 * `createSnapshot`: the isolated workspace of a run. A detached `HEAD` clone of the repository, with the
 * working tree's changes (modified, staged, renamed, deleted, untracked-not-ignored) applied on top.
 * On any failure the partly made directory is removed before the error is thrown.
 */
import { rm } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { applyPlan } from './apply.js';
import { cloneAtHead, excludeRuntimeDir } from './clone.js';
import { inspectCheckout } from './findings.js';
import { assertRunId, claimSnapshotDir, snapshotParent } from './location.js';
import { writeFailed } from './errors.js';
import { buildWarnings } from './manifest.js';
import { lockRun, runLockPath, unlockRun } from './workspaces.js';
import { type ChangePlan, RUNTIME_DIR } from './plan.js';
import { type RepoFacts, inspectRepo } from './repo.js';
import { scanWorkingTree } from './scan.js';
import type { SkippedEntry, SnapshotManifest, SnapshotOptions } from './types.js';

/** The snapshot's path relative to the repository when the temp dir lies inside it (git must not list it). */
function insideRepo(root: string, path: string): string[] {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? [rel.split('\\').join('/')] : [];
}

/** One snapshot being made. */
interface SnapshotJob {
  repo: RepoFacts;
  /** The claimed snapshot directory. */
  path: string;
  /** Its parent (the temp dir), named in disk-full errors. */
  parent: string;
  started: number;
  onWarning: SnapshotOptions['onWarning'];
}

/** Runs the clone and the working-tree scan side by side, and waits for both before failing. */
async function cloneAndScan({ repo, path, parent }: SnapshotJob): Promise<ChangePlan> {
  const [scanned, cloned] = await Promise.allSettled([
    scanWorkingTree(repo.root, insideRepo(repo.root, path)),
    cloneAtHead(repo, path, parent),
  ]);
  if (scanned.status === 'rejected') throw scanned.reason;
  if (cloned.status === 'rejected') throw cloned.reason;
  return scanned.value;
}

function mergeSkipped(...lists: SkippedEntry[][]): SkippedEntry[] {
  const seen = new Map<string, SkippedEntry>();
  for (const entry of lists.flat()) seen.set(`${entry.reason}\0${entry.path}`, entry);
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function fillSnapshot(job: SnapshotJob): Promise<SnapshotManifest> {
  const { repo, path, parent } = job;
  const plan = await cloneAndScan(job);
  const findings = await inspectCheckout(path, parent);
  const applied = await applyPlan(plan, { source: repo.root, target: path, parent, made: new Map() });
  await excludeRuntimeDir(path, parent);
  const runtime: SkippedEntry[] = findings.trackedRuntime ? [{ path: `${RUNTIME_DIR}/`, reason: 'loom-runtime' }] : [];
  const skipped = mergeSkipped(plan.skipped, applied.skipped, runtime);
  const conflicted = plan.syncs.filter((s) => s.category === 'conflicted').map((s) => s.path);
  const warnings = buildWarnings(skipped, conflicted, findings);
  for (const warning of warnings) job.onWarning?.(warning);
  return {
    path,
    headSha: repo.headSha,
    repoRoot: repo.root,
    counts: applied.counts,
    skipped,
    warnings,
    bytesCopied: applied.bytesCopied,
    durationMs: Math.round(performance.now() - job.started),
  };
}

/**
 * Makes the isolated workspace `<tmpdir>/<runId>-<random>` for a run and returns its manifest. The
 * directory is kept after the run; deleting it is the caller's (or the user's) business.
 */
export async function createSnapshot(options: SnapshotOptions): Promise<SnapshotManifest> {
  const started = performance.now();
  assertRunId(options.runId);
  const parent = snapshotParent(options.tmpdir);
  const repo = await inspectRepo(options.repoRoot);
  // Before the workspace exists: retention never sees it unlocked (workspaces.ts).
  await lockRun(repo.root, options.runId).catch((error: unknown) => {
    throw writeFailed(runLockPath(repo.root, options.runId), error);
  });
  let path: string;
  try {
    path = await claimSnapshotDir(parent, options.runId);
  } catch (error) {
    await unlockRun(repo.root, options.runId).catch(() => undefined);
    throw error;
  }
  try {
    return await fillSnapshot({ repo, path, parent, started, onWarning: options.onWarning });
  } catch (error) {
    // no half-made snapshot: a later `cd` into it would debug the wrong thing
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    await unlockRun(repo.root, options.runId).catch(() => undefined);
    throw error;
  }
}
