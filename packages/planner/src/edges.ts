import type { GraphIrEdge, PlannedJob } from './plan.js';

/**
 * The edges into each planned job. A job with `needs` gets one `needs` edge per need (job → job). A job
 * without `needs` waits for every job of earlier stages; rather than one edge per such job (quadratic: 200
 * jobs per stage give 40,000 edges per boundary) it gets one `stage` edge whose `from` is the nearest earlier
 * stage that has planned jobs, read as "that stage and every stage before it".
 */
export function incomingEdges(jobs: readonly PlannedJob[]): Map<string, GraphIrEdge[]> {
  const incoming = new Map<string, GraphIrEdge[]>();
  let previousStage: string | undefined;
  let currentStage: string | undefined;
  for (const { id, stage, job } of jobs) {
    if (stage !== currentStage) [previousStage, currentStage] = [currentStage, stage];
    if (job.needs) incoming.set(id, [...new Set(job.needs)].map((from) => ({ from, to: id, kind: 'needs' })));
    else incoming.set(id, previousStage === undefined ? [] : [{ from: previousStage, to: id, kind: 'stage' }]);
  }
  return incoming;
}
