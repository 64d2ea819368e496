import type { ProviderKind } from '@loom/contracts';
import type { Job, WorkflowIssue } from '@loom/schema';

// One definition, in @loom/contracts; re-exported because a Plan names it.
export type { ProviderKind };

export interface PlannedJob {
  /** The job name; also its id in logs (`jobs/<id>/`) and `LOOM_JOB_ID`. */
  id: string;
  stage: string;
  /** Position of `stage` in `stages`. */
  stageIndex: number;
  /** Resolved provider (docker-provider.md §1: non-empty `image` or `image.build` ⇒ docker). */
  provider: ProviderKind;
  /** The normalised job it came from. */
  job: Job;
  /**
   * Whose artifacts the job receives before its steps (Loom extension, GitLab's rule): the jobs it `needs`
   * (less those written `{job, artifacts: false}`), or, without `needs`, every job of the earlier stages.
   */
  artifactsFrom: ArtifactSources;
}

export type ArtifactSources = { kind: 'needs'; jobs: string[] } | { kind: 'earlier_stages' };

export interface Plan {
  workflowFile: string;
  stages: string[];
  /** Runnable jobs, ordered by stage, then document order. */
  jobs: PlannedJob[];
  /** The versioned, JSON-serialisable graph (`loom compile` prints it; the run receipt embeds it). */
  graphIr: GraphIr;
  /** Needed jobs a `noNeeds` selection left out, each with the selected jobs that need it (else empty). */
  leftOut: { job: string; neededBy: string[] }[];
}

export interface GraphIrCacheEntry {
  name: string;
  disabled: boolean;
  paths: string[];
  key: string | { prefix?: string; files?: string[]; template?: string } | null;
  fallback_keys: string[];
  policy: 'pull' | 'push' | 'pull-push';
  when: 'on_success' | 'on_failure' | 'always';
}

export interface GraphIrService {
  name: string;
  alias: string;
  entrypoint: string[] | null;
  command: string[] | null;
  variables: Record<string, string>;
}

export interface GraphIrJob {
  id: string;
  stage: string;
  provider: ProviderKind;
  needs: string[] | null;
  /**
   * For a job without `needs`: the nearest earlier stage that has planned jobs; the job starts once every job of
   * that stage and of the stages before it succeeded. `null` for a job with `needs` or in the first busy stage.
   */
  after_stage: string | null;
  target: string;
  image: { name: string; build?: { context: string; dockerfile: string } } | null;
  script: string[];
  variables: Record<string, string>;
  /** Secret references only (never values). */
  secrets: Record<string, { ref: string; file: boolean; required: boolean }>;
  services: GraphIrService[];
  cache: GraphIrCacheEntry[];
  artifacts: { paths: string[]; exclude: string[]; when: 'on_success' | 'on_failure' | 'always' } | null;
  /** Jobs whose artifacts this job receives, or `earlier_stages` (every job of the stages before its own). */
  artifacts_from: string[] | 'earlier_stages';
  extends: string[];
  runner_pool: string | null;
  invariant: Record<string, unknown> | null;
  /** Where the job's key stands in the YAML source. */
  source: { file: string; line: number; column: number };
}

export interface GraphIrEdge {
  /** `needs`: the job that must succeed first. `stage`: the stage whose jobs (and all earlier ones) must. */
  from: string;
  /** The job that waits. */
  to: string;
  kind: 'needs' | 'stage';
}

export interface GraphIr {
  schema_version: 'loom.graph-ir.v1';
  workflow_path: string;
  stages: string[];
  /** The job names asked for (`null`: every job); the plan also holds what they need. */
  selection: string[] | null;
  /** `--variable` values given for the run (already merged into each job's `variables`); `{}` when none. */
  variable_overrides: Record<string, string>;
  /** Root `variables` (already merged into each job's `variables`). */
  variables: Record<string, string>;
  /** `workflow.rules`, validated and recorded, never evaluated (Planned). */
  rules: { if: string }[];
  includes: string[];
  jobs: GraphIrJob[];
  edges: GraphIrEdge[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; issues: WorkflowIssue[] };

export interface PlanOptions {
  /** Plan only these jobs and what they need (transitively). Unknown or template names throw `PLAN_UNKNOWN_JOB`. */
  jobs?: string[];
  /** With `jobs`: plan only the named jobs, not what they need (`Plan.leftOut` lists what was left out). */
  noNeeds?: boolean;
  /**
   * Values that win over every workflow layer in every planned job (`loom run --variable`). A name that is a
   * secret of any job throws `PLAN_VARIABLE_IS_SECRET`; a malformed name `PLAN_BAD_VARIABLE`.
   */
  variables?: Record<string, string>;
}

/** What the engine asks the scheduler after each job ends. */
export interface SchedulerStep {
  /** Jobs whose waits are all satisfied and that have not been handed out before. */
  ready: PlannedJob[];
  /** Jobs that can never run now, each with the reason (e.g. `needs build, which failed`). */
  skipped: { job: PlannedJob; reason: string }[];
}

export interface Scheduler {
  /** Call after marking results; returns newly ready and newly skipped jobs (each job at most once). */
  next(): SchedulerStep;
  markSucceeded(jobId: string): void;
  markFailed(jobId: string): void;
  /** True once every job has been handed out as ready or skipped and every ready one has been marked. */
  done(): boolean;
}
