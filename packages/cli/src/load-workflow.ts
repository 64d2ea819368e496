/**
 * Read + parse + plan a workflow, and the one way issues are printed (`workflow.yml:<line> <message>`), shared
 * by `loom check`, `loom compile` and `loom run`.
 */
import { basename, relative, resolve } from 'node:path';
import { planWorkflow, type Plan } from '@loom/planner';
import { readWorkflow, type Workflow, type WorkflowIssue, type WorkflowWarning } from '@loom/schema';

export interface LoadWorkflowOptions {
  /** Absolute path of the workflow file. */
  workflowPath: string;
  repoRoot: string;
  /** Job selection for the plan (see `planWorkflow`); the whole file is validated regardless. */
  jobs?: string[];
}

export type LoadedWorkflow =
  | { ok: true; workflow: Workflow; plan: Plan; warnings: WorkflowWarning[]; warningLines: string[] }
  | { ok: false; issues: WorkflowIssue[]; lines: string[]; warnings: WorkflowWarning[]; warningLines: string[] };

/**
 * Schema issues first; planner issues (needs) only once the schema is clean, as the planner needs a valid
 * model. Both come in document order.
 */
export async function loadWorkflow(options: LoadWorkflowOptions): Promise<LoadedWorkflow> {
  const parsed = await readWorkflow(options.workflowPath, options.repoRoot);
  const warningLines = parsed.warnings.map((w) => formatWarning(w, options));
  if (!parsed.ok) return failed(parsed.issues, parsed.warnings, warningLines, options);
  const planned = planWorkflow(parsed.workflow, options.jobs ? { jobs: options.jobs } : {});
  if (!planned.ok) return failed(planned.issues, parsed.warnings, warningLines, options);
  return { ok: true, workflow: parsed.workflow, plan: planned.plan, warnings: parsed.warnings, warningLines };
}

function failed(
  issues: WorkflowIssue[],
  warnings: WorkflowWarning[],
  warningLines: string[],
  where: Pick<LoadWorkflowOptions, 'workflowPath' | 'repoRoot'>,
): LoadedWorkflow {
  return { ok: false, issues, lines: issues.map((i) => formatIssue(i, where)), warnings, warningLines };
}

/** `workflow.yml:12 missing required key "stage" in job "build"` (cli.md). */
export function formatIssue(issue: WorkflowIssue, where: Pick<LoadWorkflowOptions, 'workflowPath' | 'repoRoot'>): string {
  return `${fileLabel(issue.file, where)}:${issue.line} ${issue.message}`;
}

/** Warnings never fail a check; printed as `workflow.yml:<line> warning: <message>`. */
export function formatWarning(warning: WorkflowWarning, where: Pick<LoadWorkflowOptions, 'workflowPath' | 'repoRoot'>): string {
  return `${fileLabel(warning.file, where)}:${warning.line} warning: ${warning.message}`;
}

/**
 * The workflow file itself is named by its base name, as in cli.md (`workflow.yml:12`); an included file by
 * its path from the repo root (`.loom/templates/node.yml:3`), so the reader knows which file to open.
 */
export function fileLabel(file: string, where: Pick<LoadWorkflowOptions, 'workflowPath' | 'repoRoot'>): string {
  const absolute = resolve(where.repoRoot, file);
  if (absolute === resolve(where.workflowPath)) return basename(where.workflowPath);
  return relative(where.repoRoot, absolute);
}

/** Absolute path of an issue's file (receipts carry absolute paths). */
export function absoluteIssueFile(file: string, repoRoot: string): string {
  return resolve(repoRoot, file);
}
