import { LoomError } from '@loom/errors';
import type { Workflow } from '@loom/schema';
import { closestName } from './closest.js';
import type { NeedEdge } from './needs.js';

/** The jobs a run plans, and the needed jobs `--no-needs` left out (with who needed them). */
export interface Selected {
  jobs: Set<string>;
  /** Each needed job left out by `noNeeds`, with the selected jobs that need it, in document order. */
  leftOut: { job: string; neededBy: string[] }[];
}

/**
 * The selected jobs plus everything they need, transitively; `undefined` selection means every job. With
 * `noNeeds` only the named jobs: what they need is reported in `leftOut` (the run uses the workspace as is).
 */
export function selectJobs(
  workflow: Workflow,
  edges: ReadonlyMap<string, NeedEdge[]>,
  selection: readonly string[] | undefined,
  noNeeds = false,
): Selected {
  if (selection === undefined) return { jobs: new Set(Object.keys(workflow.jobs)), leftOut: [] };
  const named = selection.map((name) => checkSelectable(workflow, name));
  return noNeeds ? onlyNamed(edges, named, Object.keys(workflow.jobs)) : withNeeds(edges, named);
}

function withNeeds(edges: ReadonlyMap<string, NeedEdge[]>, named: string[]): Selected {
  const chosen = new Set<string>();
  const queue = [...named];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (chosen.has(name)) continue;
    chosen.add(name);
    for (const edge of edges.get(name) ?? []) queue.push(edge.from);
  }
  return { jobs: chosen, leftOut: [] };
}

function onlyNamed(edges: ReadonlyMap<string, NeedEdge[]>, named: string[], documentOrder: string[]): Selected {
  const jobs = new Set(named);
  const neededBy = new Map<string, string[]>();
  for (const name of jobs) {
    for (const { from } of edges.get(name) ?? []) {
      if (jobs.has(from)) continue;
      const by = neededBy.get(from) ?? [];
      if (!by.includes(name)) by.push(name);
      neededBy.set(from, by);
    }
  }
  const leftOut = documentOrder.filter((job) => neededBy.has(job)).map((job) => ({ job, neededBy: neededBy.get(job)! }));
  return { jobs, leftOut };
}

function checkSelectable(workflow: Workflow, name: string): string {
  if (workflow.jobs[name]) return name;
  const names = Object.keys(workflow.jobs);
  const what = workflow.templates.includes(name) ? 'is a template job, which never runs' : 'is not a job of this workflow';
  const guess = closestName(name, names);
  const hint = `${guess === undefined ? '' : `did you mean "${guess}"? `}select one of: ${names.join(', ')}`;
  throw new LoomError('PLAN_UNKNOWN_JOB', `"${name}" ${what}`, { hint });
}
