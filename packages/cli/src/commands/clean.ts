/**
 * `loom clean [--snapshots] [--logs] [--all] [--older-than D]`: removes isolated workspaces (in the temp
 * dir) and run records (`.loom/.runtime/logs/<run_id>/` with their receipts) of this repository. Without
 * `--all` or `--older-than` it applies the retention rule every `loom run` applies in the background (the
 * 10 most recent runs, plus runs that did not succeed in the last 7 days); a run a live Loom uses is never
 * touched.
 */
import { parseAge } from '@loom/cache';
import { LoomError } from '@loom/errors';
import { applyRetention, DEFAULT_RETENTION, type Selection } from '@loom/retention';
import { requireRepoRoot } from '../repo-root.js';

export interface CleanOptions {
  snapshots?: boolean;
  logs?: boolean;
  all?: boolean;
  olderThan?: string;
}

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function selectionOf(options: CleanOptions): Selection {
  if (options.all && options.olderThan !== undefined) {
    throw new LoomError('CLI_CLEAN_USAGE', '--all and --older-than cannot be combined', {
      hint: 'use `loom clean --all` for every run, or `loom clean --older-than 7d` for runs started more than 7 days ago',
    });
  }
  if (options.all) return { kind: 'all' };
  if (options.olderThan !== undefined) return { kind: 'older-than', ageMs: parseAge(String(options.olderThan)) };
  return { kind: 'policy', policy: DEFAULT_RETENTION };
}

export async function cleanCommand(options: CleanOptions): Promise<number> {
  const selection = selectionOf(options);
  const repoRoot = requireRepoRoot(process.cwd());
  const only = options.snapshots || options.logs;
  const report = await applyRetention({ repoRoot, selection, snapshots: !only || options.snapshots === true, logs: !only || options.logs === true });
  for (const path of report.snapshots) out(`removed isolated workspace ${path}`);
  for (const runId of report.logs) out(`removed run record ${runId}`);
  for (const runId of report.inUse) out(`kept ${runId}: a running loom uses it`);
  for (const failure of report.failures) process.stderr.write(`loom clean: could not remove ${failure}\n`);
  out(
    `loom clean: removed ${plural(report.snapshots.length, 'isolated workspace', 'isolated workspaces')} and ${plural(report.logs.length, 'run record', 'run records')}; kept ${plural(report.kept + report.inUse.length, 'run', 'runs')}`,
  );
  return report.failures.length > 0 ? 1 : 0;
}
