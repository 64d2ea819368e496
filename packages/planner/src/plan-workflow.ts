import type { Job, Workflow, WorkflowIssue } from '@loom/schema';
import { findNeedsCycles } from './cycles.js';
import { incomingEdges } from './edges.js';
import { buildGraphIr } from './graph-ir.js';
import { checkNeeds } from './needs.js';
import type { ArtifactSources, PlannedJob, PlanOptions, PlanResult } from './plan.js';
import { providerOf } from './provider.js';
import { selectJobs } from './select.js';
import { adjusted, checkOverrides } from './overrides.js';

/**
 * Workflow (+ optional selection) → Plan. Pure. The whole workflow is validated whatever the selection, so
 * `loom check` and a selective run agree on what is wrong; issues come in document order.
 */
export function planWorkflow(workflow: Workflow, options: PlanOptions = {}): PlanResult {
  const stageIndex = new Map(workflow.stages.map((stage, i) => [stage, i]));
  const needs = checkNeeds(workflow, stageIndex);
  const found = [...needs.issues, ...findNeedsCycles(workflow, needs.edges)];
  if (found.length > 0) return { ok: false, issues: inDocumentOrder(found) };

  const selected = selectJobs(workflow, needs.edges, options.jobs, options.noNeeds);
  const overrides = checkOverrides(workflow, options.variables);
  const jobs = plannedJobs(workflow, stageIndex, selected.jobs).map((planned) => adjusted(planned, selected.jobs, overrides));
  const graphIr = buildGraphIr(workflow, jobs, incomingEdges(jobs), options.jobs, overrides);
  return { ok: true, plan: { workflowFile: workflow.file, stages: [...workflow.stages], jobs, graphIr, leftOut: selected.leftOut } };
}

function plannedJobs(workflow: Workflow, stageIndex: ReadonlyMap<string, number>, selected: ReadonlySet<string>): PlannedJob[] {
  const jobs = Object.values(workflow.jobs)
    .filter((job) => selected.has(job.name))
    .map((job) => ({ id: job.name, stage: job.stage, stageIndex: stageIndex.get(job.stage) ?? 0, provider: providerOf(job), job, artifactsFrom: artifactSources(job, selected) }));
  // Array.prototype.sort is stable, so document order is kept within a stage.
  return jobs.sort((a, b) => a.stageIndex - b.stageIndex);
}

function artifactSources(job: Job, selected: ReadonlySet<string>): ArtifactSources {
  if (job.needs === undefined) return { kind: 'earlier_stages' };
  const without = new Set(job.needsWithoutArtifacts ?? []);
  return { kind: 'needs', jobs: [...new Set(job.needs)].filter((need) => selected.has(need) && !without.has(need)) };
}

function inDocumentOrder(found: { issue: WorkflowIssue; order: number; index: number }[]): WorkflowIssue[] {
  return found.sort((a, b) => a.order - b.order || a.index - b.index).map((f) => f.issue);
}
