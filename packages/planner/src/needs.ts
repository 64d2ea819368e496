import type { Job, Workflow, WorkflowIssue } from '@loom/schema';
import { needsIssue } from './issues.js';

/** A `needs` entry that passed the per-entry rules, with its index for pointers. */
export interface NeedEdge {
  from: string;
  to: string;
  index: number;
}

export interface NeedsCheck {
  issues: { issue: WorkflowIssue; order: number; index: number }[];
  /** Valid edges per dependent job (`to` needs `from`), duplicates dropped. */
  edges: Map<string, NeedEdge[]>;
}

/** Checks every `needs` entry on its own (gap 1): existing, non-template, not itself, same or earlier stage. */
export function checkNeeds(workflow: Workflow, stageIndex: ReadonlyMap<string, number>): NeedsCheck {
  const result: NeedsCheck = { issues: [], edges: new Map() };
  const templates = new Set(workflow.templates);
  Object.values(workflow.jobs).forEach((job, order) => {
    const edges: NeedEdge[] = [];
    (job.needs ?? []).forEach((need, index) => {
      const message = needProblem(workflow, templates, stageIndex, job, need);
      if (message) result.issues.push({ issue: needsIssue(job, index, message), order, index });
      else if (!edges.some((e) => e.from === need)) edges.push({ from: need, to: job.name, index });
    });
    result.edges.set(job.name, edges);
  });
  return result;
}

function needProblem(
  workflow: Workflow,
  templates: ReadonlySet<string>,
  stageIndex: ReadonlyMap<string, number>,
  job: Job,
  need: string,
): string | undefined {
  if (need === job.name) return `remove "${need}" from its own needs; a job cannot need itself`;
  if (templates.has(need)) {
    return `remove template job "${need}" from needs of "${job.name}"; template jobs never run, use extends to inherit from them`;
  }
  const target = workflow.jobs[need];
  if (!target) return `remove unknown job "${need}" from needs of "${job.name}"; needs only allows jobs defined in the workflow`;
  if ((stageIndex.get(target.stage) ?? 0) > (stageIndex.get(job.stage) ?? 0)) {
    return `remove "${need}" from needs of "${job.name}" or move it to an earlier stage; "${need}" is in stage "${target.stage}", which runs after stage "${job.stage}"`;
  }
  return undefined;
}
