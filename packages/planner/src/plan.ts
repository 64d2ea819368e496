import type { Job, WorkflowIssue } from '@loom/schema';

export type ProviderKind = 'host' | 'docker';

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
}

export interface Plan {
  workflowFile: string;
  stages: string[];
  /** Runnable jobs, ordered by stage, then document order. */
  jobs: PlannedJob[];
  /** The versioned, JSON-serialisable graph (`loom compile` prints it; the run receipt embeds it). */
  graphIr: GraphIr;
}

export interface GraphIrJob {
  id: string;
  stage: string;
  provider: ProviderKind;
  needs: string[] | null;
  /** Jobs that must finish first: `needs` when written, else every job of earlier stages. */
  waits_for: string[];
  target: string;
  image: { name: string; build?: { context: string; dockerfile: string } } | null;
  script: string[];
  variables: Record<string, string>;
  /** Secret references only (never values). */
  secrets: Record<string, { ref: string; file: boolean; required: boolean }>;
  services: { name: string; alias: string }[];
  cache: unknown[];
  artifacts: { paths: string[] } | null;
  extends: string[];
}

export interface GraphIr {
  schema_version: 'loom.graph-ir.v1';
  workflow_path: string;
  stages: string[];
  jobs: GraphIrJob[];
  edges: { from: string; to: string; kind: 'needs' | 'stage' }[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; issues: WorkflowIssue[] };

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
