import type { Plan, PlannedJob, Scheduler, SchedulerStep } from './plan.js';

type State = 'waiting' | 'ready' | 'succeeded' | 'failed' | 'skipped';

interface Node {
  planned: PlannedJob;
  order: number;
  state: State;
  /** Unmet waits: its needs, or (without needs) every job of earlier stages. */
  open: number;
  /** Jobs whose `needs` name this one. */
  dependents: Node[];
  /** The failed jobs that made this one fail or be skipped. */
  roots: string[];
  /** Returned by `next()` already (as ready or skipped). */
  handedOut: boolean;
}

/**
 * Hands out jobs as they become runnable (the GitLab rules, gap 1):
 * - a job with `needs` is ready once every need succeeded (`needs: []` is ready at once);
 * - a job without `needs` is ready once every job of earlier stages succeeded;
 * - when a job fails or is skipped, jobs that need it are skipped, and so are jobs without `needs` in later
 *   stages; jobs whose needs all succeed still run.
 * Work is done as results arrive (counters, no rescans), so a 1,000-job plan stays linear-ish.
 */
export function createScheduler(plan: Plan): Scheduler {
  const nodes = new Map(plan.jobs.map((planned, order) => [planned.id, newNode(planned, order)]));
  const stages = stageTable(plan.jobs, nodes);
  const pending: { ready: Node[]; skipped: { node: Node; reason: string }[] } = { ready: [], skipped: [] };

  for (const node of nodes.values()) {
    const needs = node.planned.job.needs ? [...new Set(node.planned.job.needs)] : undefined;
    for (const need of needs ?? []) {
      const target = nodes.get(need);
      if (!target) throw new Error(`scheduler: "${node.planned.id}" needs "${need}", which is not in the plan`);
      target.dependents.push(node);
    }
    node.open = needs ? needs.length : stages.before(node.planned.stageIndex);
    if (node.open === 0) makeReady(node);
  }

  function makeReady(node: Node): void {
    node.state = 'ready';
    pending.ready.push(node);
  }

  function skip(node: Node, roots: string[], reason: string): void {
    if (node.state !== 'waiting') return;
    node.state = 'skipped';
    node.roots = roots;
    pending.skipped.push({ node, reason });
    propagateFailure(node);
  }

  /** A failed or skipped job can never satisfy a wait: skip everything that waits on it. */
  function propagateFailure(node: Node): void {
    for (const dependent of node.dependents) skip(dependent, node.roots, needsReason(node));
    const stageReason = `${node.roots.join(', ')} failed in an earlier stage`;
    for (const later of stages.noNeedsAfter(node.planned.stageIndex)) skip(later, node.roots, stageReason);
  }

  function succeed(node: Node): void {
    for (const dependent of node.dependents) release(dependent);
    for (const later of stages.noNeedsAfter(node.planned.stageIndex)) release(later);
  }

  function release(node: Node): void {
    node.open -= 1;
    if (node.open === 0 && node.state === 'waiting') makeReady(node);
  }

  function mark(jobId: string, outcome: 'succeeded' | 'failed'): void {
    const node = nodes.get(jobId);
    if (!node) throw new Error(`scheduler: unknown job "${jobId}"`);
    if (node.state !== 'ready' || !node.handedOut) throw new Error(`scheduler: job "${jobId}" is ${node.state}, not running; mark it once, after next() handed it out`);
    node.state = outcome;
    if (outcome === 'succeeded') succeed(node);
    else {
      node.roots = [jobId];
      propagateFailure(node);
    }
  }

  return {
    next(): SchedulerStep {
      const ready = pending.ready.splice(0).sort((a, b) => a.order - b.order);
      const skipped = pending.skipped.splice(0).sort((a, b) => a.node.order - b.node.order);
      for (const node of [...ready, ...skipped.map((s) => s.node)]) node.handedOut = true;
      return { ready: ready.map((n) => n.planned), skipped: skipped.map((s) => ({ job: s.node.planned, reason: s.reason })) };
    },
    markSucceeded: (jobId) => mark(jobId, 'succeeded'),
    markFailed: (jobId) => mark(jobId, 'failed'),
    done: () => [...nodes.values()].every((n) => n.handedOut && n.state !== 'ready' && n.state !== 'waiting'),
  };
}

function newNode(planned: PlannedJob, order: number): Node {
  return { planned, order, state: 'waiting', open: 0, dependents: [], roots: [], handedOut: false };
}

function needsReason(node: Node): string {
  if (node.state === 'failed') return `needs ${node.planned.id}, which failed`;
  return `needs ${node.planned.id}, which was skipped (${node.roots.join(', ')} failed)`;
}

/** Per-stage lookups, computed once: how many jobs come before a stage, and the jobs without `needs` after one. */
function stageTable(jobs: readonly PlannedJob[], nodes: ReadonlyMap<string, Node>) {
  const byStage = new Map<number, PlannedJob[]>();
  for (const job of jobs) {
    const stage = byStage.get(job.stageIndex);
    if (stage) stage.push(job);
    else byStage.set(job.stageIndex, [job]);
  }
  const indexes = [...byStage.keys()].sort((a, b) => a - b);
  const before = new Map<number, number>();
  const noNeedsAfter = new Map<number, Node[]>();
  let count = 0;
  for (const stage of indexes) {
    before.set(stage, count);
    count += byStage.get(stage)!.length;
  }
  let after: Node[] = [];
  for (const stage of [...indexes].reverse()) {
    noNeedsAfter.set(stage, after);
    after = [...byStage.get(stage)!.filter((j) => !j.job.needs).map((j) => nodes.get(j.id)!), ...after];
  }
  return {
    before: (stage: number) => before.get(stage) ?? 0,
    noNeedsAfter: (stage: number) => noNeedsAfter.get(stage) ?? [],
  };
}
