/**
 * `loom runs [--limit N] [--json]`: the repository's recent runs, newest first — run id, start, status,
 * duration and the failing job — from their receipts (a run without one is `running?`: still going or killed).
 */
import { LoomError } from '@loom/errors';
import { listRuns, type RunListing } from '@loom/runtime-logs/reader';
import { runtimeDirOf } from '../record/pick-run.js';
import { formatDuration } from '../reporter/format.js';
import { requireRepoRoot } from '../repo-root.js';

export async function runsCommand(options: Record<string, unknown>): Promise<number> {
  const limit = limitOf(options['limit']);
  const runs = (await listRuns(runtimeDirOf(requireRepoRoot(process.cwd())))).slice(0, limit);
  if (options['json']) {
    process.stdout.write(`${JSON.stringify(runs.map(toJson), null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    process.stderr.write('no runs yet: `loom run --local` records one in .loom/.runtime/\n');
    return 0;
  }
  const rows = [['RUN', 'STARTED', 'STATUS', 'DURATION', 'FAILING JOB'], ...runs.map(row)];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  process.stdout.write(rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n');
  return 0;
}

function limitOf(value: unknown): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  throw new LoomError('CLI_USAGE', `--limit expects a number of runs, 1 or more; got ${JSON.stringify(value)}`, { hint: 'e.g. loom runs --limit 5' });
}

const started = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

function row(run: RunListing): string[] {
  const failing = run.failingJobId ?? (run.status === 'failure' && run.error ? `(${run.error.slice(0, 60)})` : '');
  return [run.runId, started(run.startedAtMs), run.status === 'unknown' ? 'running?' : run.status, run.durationMs === undefined ? '' : formatDuration(run.durationMs), failing];
}

function toJson(run: RunListing) {
  return {
    run_id: run.runId,
    started_at: new Date(run.startedAtMs).toISOString(),
    status: run.status,
    duration_ms: run.durationMs ?? null,
    failing_job_id: run.failingJobId ?? null,
    error: run.error ?? null,
    receipt_path: run.receiptPath ?? null,
    logs_dir: run.logsDir,
  };
}
