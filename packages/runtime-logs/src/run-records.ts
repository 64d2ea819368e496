/**
 * The run records of a repository as retention sees them (`.loom/.runtime/receipts/loom-run-local-<ns>.json`
 * and `.loom/.runtime/logs/<run_id>/`): when each run started, how it ended, where its files are; and
 * removing one run's record, receipt first (a receipt must never point at logs that are gone) and the logs
 * directory renamed away before it is deleted (a half-deleted run never looks like a record).
 */
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_ID_PATTERN, logsDirOf, receiptsDirOf, runReceiptPathOf } from './layout.js';

export interface RunRecordEntry {
  runId: string;
  /** From the receipt's `started_at`, else from the run id's nanosecond timestamp. */
  startedAtMs: number;
  /** `unknown`: no readable receipt (running, killed, or a crash before the receipt). */
  status: 'success' | 'failure' | 'unknown';
  logsDir?: string;
  receiptPath?: string;
  /** The receipt's `snapshot_path`. */
  snapshotPath?: string;
}

const REMOVING = '.removing-';

/** The run's start from its id `loom-run-local-<unix ns>`. */
export function runIdStartMs(runId: string): number | undefined {
  const ns = RUN_ID_PATTERN.exec(runId)?.[1];
  return ns === undefined ? undefined : Number(BigInt(ns) / 1_000_000n);
}

export async function listRunRecords(runtimeDir: string): Promise<RunRecordEntry[]> {
  const runs = new Map<string, RunRecordEntry>();
  const entry = (runId: string): RunRecordEntry | undefined => {
    const startedAtMs = runIdStartMs(runId);
    if (startedAtMs === undefined) return undefined;
    if (!runs.has(runId)) runs.set(runId, { runId, startedAtMs, status: 'unknown' });
    return runs.get(runId);
  };
  const logsParent = join(runtimeDir, 'logs');
  for (const name of await readdir(logsParent).catch(() => [] as string[])) {
    if (name.startsWith(REMOVING)) await rm(join(logsParent, name), { recursive: true, force: true });
    const run = entry(name);
    if (run) run.logsDir = logsDirOf(runtimeDir, name);
  }
  for (const name of await readdir(receiptsDirOf(runtimeDir)).catch(() => [] as string[])) {
    const run = name.endsWith('.json') ? entry(name.slice(0, -'.json'.length)) : undefined;
    if (run) Object.assign(run, await readReceipt(runtimeDir, run.runId));
  }
  return [...runs.values()];
}

async function readReceipt(runtimeDir: string, runId: string): Promise<Partial<RunRecordEntry>> {
  const receiptPath = runReceiptPathOf(runtimeDir, runId);
  try {
    const receipt = JSON.parse(await readFile(receiptPath, 'utf8')) as Record<string, unknown>;
    const started = typeof receipt['started_at'] === 'string' ? Date.parse(receipt['started_at']) : Number.NaN;
    const status = receipt['status'] === 'success' ? 'success' : receipt['status'] === 'failure' ? 'failure' : 'unknown';
    return {
      receiptPath,
      status,
      ...(Number.isFinite(started) ? { startedAtMs: started } : {}),
      ...(typeof receipt['snapshot_path'] === 'string' ? { snapshotPath: receipt['snapshot_path'] } : {}),
    };
  } catch {
    return { receiptPath }; // unreadable or torn: still removable, status unknown
  }
}

/** Removes the run's receipt, then its logs directory. */
export async function removeRunRecord(runtimeDir: string, run: Pick<RunRecordEntry, 'runId'>): Promise<void> {
  await rm(runReceiptPathOf(runtimeDir, run.runId), { force: true });
  const logs = logsDirOf(runtimeDir, run.runId);
  const doomed = join(runtimeDir, 'logs', `${REMOVING}${run.runId}`);
  try {
    await rename(logs, doomed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(doomed, { recursive: true, force: true, maxRetries: 2 });
}
