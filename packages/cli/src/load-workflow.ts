/**
 * Read + parse + plan a workflow, and the one way issues are printed (`workflow.yml:<line> <message>`), shared
 * by `loom check`, `loom compile` and `loom run`.
 */
import { basename, relative, resolve } from 'node:path';
import { planWorkflow, type Plan, type PlanOptions } from '@loom/planner';
import { readWorkflow, type WorkflowIssue, type WorkflowWarning } from '@loom/schema';

export interface LoadWorkflowOptions {
  /** Absolute path of the workflow file. */
  workflowPath: string;
  repoRoot: string;
  /** Job selection and variable overrides for the plan (see `planWorkflow`); the whole file is validated regardless. */
  plan?: PlanOptions;
}

type Where = Pick<LoadWorkflowOptions, 'workflowPath' | 'repoRoot'>;

export type LoadedWorkflow =
  | { ok: true; plan: Plan; warningLines: string[] }
  | { ok: false; issues: WorkflowIssue[]; lines: string[]; warningLines: string[] };

/**
 * Schema issues first; planner issues (needs) only once the schema is clean, as the planner needs a valid
 * model. Both come in document order.
 */
export async function loadWorkflow(options: LoadWorkflowOptions): Promise<LoadedWorkflow> {
  const parsed = await readWorkflow(options.workflowPath, options.repoRoot);
  const warningLines = parsed.warnings.map((w) => formatWarning(w, options));
  if (!parsed.ok) return failed(parsed.issues, warningLines, options);
  const planned = planWorkflow(parsed.workflow, options.plan ?? {});
  if (!planned.ok) return failed(planned.issues, warningLines, options);
  return { ok: true, plan: planned.plan, warningLines };
}

function failed(issues: WorkflowIssue[], warningLines: string[], where: Where): LoadedWorkflow {
  return { ok: false, issues, lines: issues.map((i) => formatIssue(i, where)), warningLines };
}

/** Writes `lines` to stderr, one per line (how every command reports issues and warnings). */
export function printLines(lines: readonly string[]): void {
  process.stderr.write(lines.map((line) => `${line}\n`).join(''));
}

/** `workflow.yml:12 missing required key "stage" in job "build"` (cli.md). */
function formatIssue(issue: WorkflowIssue, where: Where): string {
  return `${fileLabel(issue.file, where)}:${issue.line} ${issue.message}`;
}

/** Warnings never fail a check; printed as `workflow.yml:<line> warning: <message>`. */
function formatWarning(warning: WorkflowWarning, where: Where): string {
  return `${fileLabel(warning.file, where)}:${warning.line} warning: ${warning.message}`;
}

/**
 * The workflow file itself is named by its base name, as in cli.md (`workflow.yml:12`); an included file by
 * its path from the repo root (`.loom/templates/node.yml:3`), so the reader knows which file to open.
 */
function fileLabel(file: string, where: Where): string {
  const absolute = resolve(where.repoRoot, file);
  if (absolute === resolve(where.workflowPath)) return basename(where.workflowPath);
  return relative(where.repoRoot, absolute);
}
