import type { StepSession } from './session.js';

/**
 * Per-job bookkeeping inside one provider: every object the moment it exists (so cleanup removes it even
 * when prepare fails half-way or is interrupted), the in-flight prepare (cleanup waits for it), and whether
 * a step failed (for `keepFailed`).
 */
export interface JobRecord {
  containers: string[];
  networks: string[];
  jobContainer?: { id: string; name: string };
  /** The step server's connection (attach transport); closed by cleanup. */
  session?: StepSession;
  /** Service containers by alias: cleanup shows the tail of their logs. */
  services: { id: string; alias: string }[];
  prepare?: Promise<unknown>;
  /** Aborted by cleanup: a prepare still pulling or building stops. */
  abort: AbortController;
  failed: boolean;
  /** The job holds the daemon watch (released by cleanup). */
  watched?: boolean;
}

export type Tracker = Map<string, JobRecord>;

export function jobKey(runId: string, jobId: string): string {
  return `${runId}\u0000${jobId}`;
}

export function newRecord(objects: Pick<JobRecord, 'containers' | 'networks'> = { containers: [], networks: [] }): JobRecord {
  return { ...objects, services: [], abort: new AbortController(), failed: false };
}

export function openRecord(tracker: Tracker, runId: string, jobId: string): JobRecord {
  const record = newRecord();
  tracker.set(jobKey(runId, jobId), record);
  return record;
}
