/**
 * Which runs to remove: pure, from the runs' start times and outcomes. A run is the unit: its isolated
 * workspace, its logs directory and its receipt go together.
 */

export interface RetentionPolicy {
  /** The most recent runs kept whatever their outcome. */
  keepLast: number;
  /** Runs that did not succeed are also kept this many days (so a failure's workspace can be inspected). */
  keepFailedDays: number;
}

/** The documented default: the 10 most recent runs, plus every run that did not succeed in the last 7 days. */
export const DEFAULT_RETENTION: RetentionPolicy = { keepLast: 10, keepFailedDays: 7 };

/** What `loom clean` was asked for: the policy (default), everything older than an age, or everything. */
export type Selection = { kind: 'policy'; policy: RetentionPolicy } | { kind: 'older-than'; ageMs: number } | { kind: 'all' };

export interface RunFacts {
  runId: string;
  startedAtMs: number;
  /** `unknown` (still running, or killed before its receipt) counts as not succeeded. */
  status: 'success' | 'failure' | 'unknown';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The run ids to remove, newest first. */
export function runsToRemove(runs: readonly RunFacts[], selection: Selection, nowMs: number): string[] {
  const newestFirst = [...runs].sort((a, b) => b.startedAtMs - a.startedAtMs || (a.runId < b.runId ? 1 : -1));
  if (selection.kind === 'all') return newestFirst.map((r) => r.runId);
  if (selection.kind === 'older-than') return newestFirst.filter((r) => r.startedAtMs < nowMs - selection.ageMs).map((r) => r.runId);
  const { keepLast, keepFailedDays } = selection.policy;
  const failedSince = nowMs - keepFailedDays * DAY_MS;
  return newestFirst
    .filter((run, index) => index >= keepLast && !(run.status !== 'success' && run.startedAtMs >= failedSince))
    .map((r) => r.runId);
}
