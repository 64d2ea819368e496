/** `pipeline/summary.json` and `pipeline/manifest.json` (runtime-logs.md §4.4–4.5). */
import { z } from 'zod';
import {
  KINDS,
  LOGS_SCHEMA_VERSION,
  durationSchema,
  exitCodeSchema,
  jobStatusSchema,
  nullableTimestampSchema,
  pipelineIdSchema,
  providerSchema,
  relPathSchema,
  runIdSchema,
  runStatusSchema,
} from './common.js';

const jobCountsSchema = z.object({
  total: z.int().nonnegative(),
  success: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  skipped: z.int().nonnegative(),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

export const pipelineSummarySchema = z.object({
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  kind: z.literal(KINDS.pipelineSummary),
  run_id: runIdSchema,
  pipeline_id: pipelineIdSchema,
  status: runStatusSchema,
  exit_code: exitCodeSchema,
  started_at: nullableTimestampSchema,
  finished_at: nullableTimestampSchema,
  duration_ms: durationSchema,
  jobs: jobCountsSchema,
});
export type PipelineSummary = z.infer<typeof pipelineSummarySchema>;

/** A roster entry; every job's documents live under `jobs/<job_id>/`. */
export const rosterEntrySchema = z.object({
  job_id: z.string(),
  stage: z.string(),
  provider: providerSchema,
  status: jobStatusSchema,
  exit_code: exitCodeSchema,
  /** Only for `skipped`: why the job did not run. */
  reason: z.string().optional(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

const artifactPointerSchema = z.object({
  job_id: z.string(),
  files_path: relPathSchema.nullable(),
  archive_path: relPathSchema.nullable(),
});
export type ArtifactPointer = z.infer<typeof artifactPointerSchema>;

export const pipelineManifestSchema = z.object({
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  kind: z.literal(KINDS.pipelineManifest),
  run_id: runIdSchema,
  pipeline_id: pipelineIdSchema,
  status: runStatusSchema,
  /** The earliest failing job in execution order (order of `job_start`); null when no job failed. */
  failing_job_id: z.string().nullable(),
  failing_job_manifest_path: relPathSchema.nullable(),
  /** Every runnable job, in roster (plan) order. */
  jobs: z.array(rosterEntrySchema),
  artifacts: z.array(artifactPointerSchema),
});
export type PipelineManifest = z.infer<typeof pipelineManifestSchema>;
