/**
 * Applying a selection to a repository's runs: its run records (`@loom/runtime-logs`) and its isolated
 * workspaces in the temp dir (`@loom/snapshot`). A run some live Loom process still uses (its run lock,
 * `.loom/.runtime/locks/<runId>.lock`) is never touched, nor are the runs named in `keep`.
 */
import { stat } from 'node:fs/promises';
import { tmpdir as osTmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { listRunRecords, removeRunRecord, runIdStartMs, type RunRecordEntry } from '@loom/runtime-logs/records';
import { listWorkspaces, removeWorkspace, runInUse, unlockRun } from '@loom/snapshot';
import { notePass, retentionDue } from './due.js';
import { DEFAULT_RETENTION, runsToRemove, type RunFacts, type Selection } from './policy.js';

export interface RetentionOptions {
  repoRoot: string;
  /** Default `<repoRoot>/.loom/.runtime`. */
  runtimeDir?: string;
  /** Where workspaces are made; default `os.tmpdir()` (as `@loom/snapshot`). */
  tmpdir?: string;
  /** Default: the default policy. */
  selection?: Selection;
  /** What to remove; default both. */
  snapshots?: boolean;
  logs?: boolean;
  /** Run ids never removed. */
  keep?: readonly string[];
  now?: number;
}

export interface RetentionReport {
  /** Workspace paths removed. */
  snapshots: string[];
  /** Run ids whose logs and receipt were removed. */
  logs: string[];
  /** Run ids left alone because a live Loom process uses them. */
  inUse: string[];
  /** Runs kept by the selection. */
  kept: number;
  /** What could not be removed (path: reason); retention never throws for one run. */
  failures: string[];
}

interface Run extends RunFacts {
  record?: RunRecordEntry;
  workspaces: string[];
}

const runtimeDirOf = (options: RetentionOptions): string => options.runtimeDir ?? join(options.repoRoot, '.loom', '.runtime');

export async function applyRetention(options: RetentionOptions): Promise<RetentionReport> {
  const runtimeDir = runtimeDirOf(options);
  const runs = await inventory(runtimeDir, resolve(options.tmpdir ?? osTmpdir()), options.repoRoot);
  const report: RetentionReport = { snapshots: [], logs: [], inUse: [], kept: 0, failures: [] };
  const chosen = runsToRemove([...runs.values()], options.selection ?? { kind: 'policy', policy: DEFAULT_RETENTION }, options.now ?? Date.now());
  report.kept = runs.size - chosen.length;
  for (const runId of chosen) {
    const run = runs.get(runId) as Run;
    if (options.keep?.includes(runId)) continue;
    if (await runInUse(options.repoRoot, runId)) {
      report.inUse.push(runId);
      continue;
    }
    await removeRun(run, runtimeDir, options, report);
  }
  await notePass(runtimeDir);
  return report;
}

/** `loom run`'s background pass: `applyRetention` once enough runs have gathered since the last pass
 * (due.ts); undefined when it was not due. */
export async function applyRetentionWhenDue(options: RetentionOptions): Promise<RetentionReport | undefined> {
  const policy = options.selection?.kind === 'policy' ? options.selection.policy : DEFAULT_RETENTION;
  return (await retentionDue({ runtimeDir: runtimeDirOf(options), policy })) ? applyRetention(options) : undefined;
}

async function removeRun(run: Run, runtimeDir: string, options: RetentionOptions, report: RetentionReport): Promise<void> {
  if (options.snapshots ?? true) {
    for (const path of run.workspaces) {
      await removeWorkspace(path).then(
        () => report.snapshots.push(path),
        (error: unknown) => report.failures.push(`${path}: ${String(error)}`),
      );
    }
  }
  // The run's lock is stale (runInUse said so); it goes once nothing of the run is left to protect.
  if ((options.snapshots ?? true) && (options.logs ?? true)) await unlockRun(options.repoRoot, run.runId).catch(() => undefined);
  if ((options.logs ?? true) && run.record) {
    await removeRunRecord(runtimeDir, run).then(
      () => report.logs.push(run.runId),
      (error: unknown) => report.failures.push(`${run.record?.logsDir ?? run.runId}: ${String(error)}`),
    );
  }
}

/** Every run of the repository, from its record, its workspaces, or both. */
async function inventory(runtimeDir: string, tmpdir: string, repoRoot: string): Promise<Map<string, Run>> {
  const runs = new Map<string, Run>();
  for (const record of await listRunRecords(runtimeDir)) {
    runs.set(record.runId, { runId: record.runId, startedAtMs: record.startedAtMs, status: record.status, record, workspaces: [] });
  }
  const workspaces = await listWorkspaces(tmpdir, repoRoot);
  // A receipt's snapshot_path elsewhere (TMPDIR was different for that run) is that run's workspace too.
  for (const run of runs.values()) {
    const path = run.record?.snapshotPath;
    if (path && resolve(dirname(path)) !== tmpdir && basename(path).startsWith(`${run.runId}-`) && (await exists(path))) workspaces.push({ path, runId: run.runId });
  }
  for (const { path, runId } of workspaces) {
    let run = runs.get(runId);
    if (!run) {
      run = { runId, startedAtMs: runIdStartMs(runId) ?? 0, status: 'unknown', workspaces: [] };
      runs.set(runId, run);
    }
    run.workspaces.push(path);
  }
  return runs;
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
