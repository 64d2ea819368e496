/**
 * Which run `loom logs`, `loom report` and `loom export` read: `--run <run_id>`, the latest (`--last`, the
 * default), or an archive written by `loom export` (`--from run.tar.gz`, extracted into a temp folder).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LoomError } from '@loom/errors';
import { listRuns, type RunListing } from '@loom/runtime-logs/reader';
import { requireRepoRoot } from '../repo-root.js';
import { extractExport } from './archive.js';

export interface PickedRun {
  runId: string;
  logsDir: string;
  /** Absent for a run without a receipt (still running, or killed) and for an archive. */
  receiptPath?: string;
  /** The repository the run belongs to (absent for an archive). */
  repoRoot?: string;
  /** Removes what reading an archive extracted. */
  dispose: () => Promise<void>;
}

export interface PickOptions {
  run?: unknown;
  last?: unknown;
  from?: unknown;
  /** Keep an extracted archive (the report is opened from it after loom exits). */
  keepExtracted?: boolean;
}

const usage = (message: string, hint: string) => new LoomError('CLI_USAGE', message, { hint });
const nothing = async (): Promise<void> => undefined;

export const runtimeDirOf = (repoRoot: string): string => join(repoRoot, '.loom', '.runtime');

export async function pickRun(options: PickOptions, cwd = process.cwd()): Promise<PickedRun> {
  const given = [options.run !== undefined, Boolean(options.last), options.from !== undefined].filter(Boolean).length;
  if (given > 1) throw usage('--run, --last and --from pick the run in different ways; give one of them', 'e.g. loom logs build --run loom-run-local-1772865600000000000');
  if (typeof options.from === 'string') return extractExport(options.from, options.keepExtracted ?? false);
  if (options.from !== undefined) throw usage('--from expects the path of an archive written by loom export', 'e.g. --from run.tar.gz');
  const repoRoot = requireRepoRoot(cwd);
  const runs = await listRuns(runtimeDirOf(repoRoot));
  const chosen = options.run === undefined ? latest(runs) : byId(runs, String(options.run));
  return { runId: chosen.runId, logsDir: chosen.logsDir, ...(chosen.receiptPath ? { receiptPath: chosen.receiptPath } : {}), repoRoot, dispose: nothing };
}

/** The newest run whose record is complete enough to read (it has its run summary). */
function latest(runs: RunListing[]): RunListing {
  const run = runs.find((r) => existsSync(join(r.logsDir, 'summary.json')));
  if (run) return run;
  throw new LoomError('CLI_NO_RUNS', 'this repository has no run record yet', { hint: 'run `loom run --local` first; its record lands in .loom/.runtime/logs/' });
}

function byId(runs: RunListing[], id: string): RunListing {
  const run = runs.find((r) => r.runId === id || r.runId === `loom-run-local-${id}`);
  if (run) return run;
  const recent = runs.slice(0, 3).map((r) => r.runId).join(', ');
  throw new LoomError('CLI_RUN_NOT_FOUND', `no run ${JSON.stringify(id)} in this repository`, {
    hint: recent ? `\`loom runs\` lists them; the latest: ${recent}` : 'this repository has no runs yet: run `loom run --local` first',
  });
}
