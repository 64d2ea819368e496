import type { ExecutionRequest } from '@loom/contracts';
import { killGroup, signalGroup, trackGroup, untrackGroup } from './process-group.js';

/** Identifies a job across `prepare`, `runStep` and a `cleanup` that may only have the request. */
export function jobKey(request: Pick<ExecutionRequest, 'runId' | 'jobId'>): string {
  return `${request.runId}\u0000${request.jobId}`;
}

/**
 * The process groups of each job that may still hold processes: a step's group while it runs, and after it
 * ended when it left something behind (`server &` with its output redirected). Cleanup kills those.
 */
export interface JobGroups {
  add(key: string, pgid: number): void;
  /** The step of `pgid` ended: forget the group unless something of it is still there. */
  settle(key: string, pgid: number): void;
  /** Kills every group of the job that still holds one of its processes (`owned`, when known: see
   * `markedGroups`); resolves with how many were killed. */
  killAll(key: string, graceMs: number, owned?: Set<number>): Promise<number>;
  /** SIGKILL to every group of every job, at once (Loom is exiting now). */
  killEverything(): Promise<void>;
}

export function createJobGroups(): JobGroups {
  const byJob = new Map<string, Set<number>>();
  const forget = (key: string, pgid: number): void => {
    byJob.get(key)?.delete(pgid);
    untrackGroup(pgid);
  };
  return {
    add(key, pgid) {
      const groups = byJob.get(key) ?? new Set<number>();
      groups.add(pgid);
      byJob.set(key, groups);
      trackGroup(pgid);
    },
    settle(key, pgid) {
      // While any member exists the kernel keeps the group id reserved, so a later kill cannot hit a
      // stranger's group; once it is empty the id may be reused, so we must forget it now.
      if (!signalGroup(pgid, 0)) forget(key, pgid);
    },
    async killAll(key, graceMs, owned) {
      const groups = [...(byJob.get(key) ?? [])];
      byJob.delete(key);
      const existing = groups.filter((pgid) => signalGroup(pgid, 0) && (owned === undefined || owned.has(pgid)));
      await Promise.all(existing.map((pgid) => killGroup(pgid, graceMs)));
      for (const pgid of groups) untrackGroup(pgid);
      return existing.length;
    },
    async killEverything() {
      for (const pgid of [...byJob.values()].flatMap((groups) => [...groups])) signalGroup(pgid, 'SIGKILL');
    },
  };
}
