/**
 * The runs of a repository for `loom runs` and for picking one (`--last`, `--run <id>`): newest first, each
 * with what its receipt says (status, duration, the failing job). Receipts are read leniently: a run still
 * going, or killed before its receipt, is listed as `unknown` rather than failing the listing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_ID_PATTERN, logsDirOf, receiptsDirOf, runReceiptPathOf } from '../layout.js';
import { runIdStartMs } from '../run-records.js';

export interface RunListing {
  runId: string;
  startedAtMs: number;
  status: 'success' | 'failure' | 'unknown';
  durationMs?: number;
  failingJobId?: string;
  /** The receipt's run-level error, when there was one. */
  error?: string;
  command?: string[];
  logsDir: string;
  /** Absent while the run has no receipt. */
  receiptPath?: string;
}

export async function listRuns(runtimeDir: string): Promise<RunListing[]> {
  const ids = new Set<string>();
  for (const name of await readdir(join(runtimeDir, 'logs')).catch(() => [] as string[])) if (RUN_ID_PATTERN.test(name)) ids.add(name);
  for (const name of await readdir(receiptsDirOf(runtimeDir)).catch(() => [] as string[])) {
    const id = name.replace(/\.json$/, '');
    if (RUN_ID_PATTERN.test(id)) ids.add(id);
  }
  const runs = await Promise.all([...ids].map((id) => listing(runtimeDir, id)));
  return runs.sort((a, b) => b.startedAtMs - a.startedAtMs || (b.runId > a.runId ? 1 : -1));
}

async function listing(runtimeDir: string, runId: string): Promise<RunListing> {
  const base: RunListing = { runId, startedAtMs: runIdStartMs(runId) ?? 0, status: 'unknown', logsDir: logsDirOf(runtimeDir, runId) };
  const receiptPath = runReceiptPathOf(runtimeDir, runId);
  let receipt: Record<string, unknown>;
  try {
    receipt = JSON.parse(await readFile(receiptPath, 'utf8')) as Record<string, unknown>;
  } catch {
    return base;
  }
  const executor = (receipt['executor_receipt'] ?? {}) as Record<string, unknown>;
  const status = receipt['status'] === 'success' || receipt['status'] === 'failure' ? receipt['status'] : 'unknown';
  return {
    ...base,
    receiptPath,
    status,
    ...(typeof receipt['duration_ms'] === 'number' ? { durationMs: receipt['duration_ms'] } : {}),
    ...(typeof executor['failing_job_id'] === 'string' ? { failingJobId: executor['failing_job_id'] } : {}),
    ...(typeof receipt['error'] === 'string' ? { error: receipt['error'] } : {}),
    ...(Array.isArray(receipt['command']) ? { command: receipt['command'] as string[] } : {}),
    ...(typeof receipt['logs_dir'] === 'string' ? { logsDir: receipt['logs_dir'] } : {}),
  };
}
