/** Loom's predefined variables (workflow-syntax.md §8.6): what every job gets before its own variables. */
import { basename, isAbsolute, relative, sep } from 'node:path';
import type { PlannedJob } from '@loom/planner';
import type { Env } from './variables.js';

/** Where Docker jobs see the isolated workspace (docker-provider.md). */
export const CONTAINER_WORKSPACE = '/workspace';

/** The run-wide facts the predefined variables are made of. */
export interface RunFacts {
  runId: string;
  pipelineId: string;
  repoRoot: string;
  workflowPath: string;
  snapshotPath: string;
  headSha: string;
  /** The source repository's branch; empty when detached or unknown (best effort). */
  branch: string;
}

/**
 * `LOOM_WORKFLOW_PATH` is repo-relative (`.loom/workflow.yml`): it then names the same file from the job's
 * working directory on the host and in a container. A file outside the repository keeps its absolute path.
 */
export function workflowPathVariable(repoRoot: string, workflowPath: string): string {
  const rel = relative(repoRoot, workflowPath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return workflowPath;
  return rel.split(sep).join('/');
}

function pipelineVariables(facts: RunFacts): Env {
  return {
    LOOM_CI: 'true',
    LOOM_RUN_ID: facts.runId,
    LOOM_PIPELINE_ID: facts.pipelineId,
    LOOM_WORKFLOW_PATH: workflowPathVariable(facts.repoRoot, facts.workflowPath),
    CI: 'true',
    CI_PIPELINE_ID: facts.pipelineId,
    CI_COMMIT_SHA: facts.headSha,
    CI_COMMIT_SHORT_SHA: facts.headSha.slice(0, 8),
    CI_COMMIT_BRANCH: facts.branch,
    CI_COMMIT_REF_NAME: facts.branch,
    CI_PROJECT_NAME: basename(facts.repoRoot),
  };
}

/** The job scope; `LOOM_JOB_IMAGE` / `CI_JOB_IMAGE` exist only for Docker jobs. */
function jobVariables(planned: PlannedJob, facts: RunFacts): Env {
  const projectDir = planned.provider === 'docker' ? CONTAINER_WORKSPACE : facts.snapshotPath;
  const image = planned.provider === 'docker' ? planned.job.image?.name : undefined;
  return {
    LOOM_JOB_NAME: planned.id,
    LOOM_JOB_ID: planned.id,
    LOOM_JOB_STAGE: planned.stage,
    LOOM_JOB_TARGET: planned.job.target,
    ...(image === undefined ? {} : { LOOM_JOB_IMAGE: image, CI_JOB_IMAGE: image }),
    LOOM_PROVIDER: planned.provider,
    LOOM_PROJECT_DIR: projectDir,
    CI_JOB_NAME: planned.id,
    CI_JOB_ID: planned.id,
    CI_JOB_STAGE: planned.stage,
    CI_PROJECT_DIR: projectDir,
  };
}

export function predefinedVariables(planned: PlannedJob, facts: RunFacts): Env {
  return { ...pipelineVariables(facts), ...jobVariables(planned, facts) };
}

/** Every name `predefinedVariables` can set, for any job of any run. */
const PREDEFINED_NAMES = new Set([
  ...Object.keys(pipelineVariables({ runId: '', pipelineId: '', repoRoot: '/', workflowPath: '/', snapshotPath: '/', headSha: '', branch: '' })),
  'LOOM_JOB_NAME', 'LOOM_JOB_ID', 'LOOM_JOB_STAGE', 'LOOM_JOB_TARGET', 'LOOM_JOB_IMAGE', 'LOOM_PROVIDER', 'LOOM_PROJECT_DIR',
  'CI_JOB_NAME', 'CI_JOB_ID', 'CI_JOB_STAGE', 'CI_JOB_IMAGE', 'CI_PROJECT_DIR',
]);

/**
 * The environment host jobs may inherit: `env` without Loom's predefined variables. A Loom run inside a job of
 * another Loom run (the Stage 0 gate runs Loom's own tests) would otherwise hand its host jobs the outer job's
 * identity, e.g. an outer Docker job's `LOOM_JOB_IMAGE`, which a host job must not have.
 */
export function inheritableEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const kept: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) if (!PREDEFINED_NAMES.has(name)) kept[name] = value;
  return kept;
}
