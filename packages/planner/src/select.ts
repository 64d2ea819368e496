import { LoomError } from '@loom/errors';
import type { Workflow } from '@loom/schema';
import type { NeedEdge } from './needs.js';

/** The selected jobs plus everything they need, transitively; `undefined` selection means every job. */
export function selectJobs(
  workflow: Workflow,
  edges: ReadonlyMap<string, NeedEdge[]>,
  selection: readonly string[] | undefined,
): Set<string> {
  if (selection === undefined) return new Set(Object.keys(workflow.jobs));
  const chosen = new Set<string>();
  const queue = selection.map((name) => checkSelectable(workflow, name));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (chosen.has(name)) continue;
    chosen.add(name);
    for (const edge of edges.get(name) ?? []) queue.push(edge.from);
  }
  return chosen;
}

function checkSelectable(workflow: Workflow, name: string): string {
  if (workflow.jobs[name]) return name;
  const known = Object.keys(workflow.jobs).join(', ');
  const what = workflow.templates.includes(name) ? 'is a template job, which never runs' : 'is not a job of this workflow';
  throw new LoomError('PLAN_UNKNOWN_JOB', `"${name}" ${what}`, { hint: `select one of: ${known}` });
}
