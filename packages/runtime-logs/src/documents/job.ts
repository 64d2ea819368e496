/** `jobs/<job_id>/summary.json` and `jobs/<job_id>/manifest.json`, the job's routing table (§4.6–4.7). */
import { z } from 'zod';
import {
  KINDS,
  LOGS_SCHEMA_VERSION,
  durationSchema,
  exitCodeSchema,
  jobStatusSchema,
  nullableTimestampSchema,
  phaseCodeSchema,
  providerSchema,
  relPathSchema,
  runIdSchema,
  sectionNameSchema,
} from './common.js';

export const jobSummarySchema = z.object({
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  kind: z.literal(KINDS.jobSummary),
  run_id: runIdSchema,
  job_id: z.string(),
  stage: z.string(),
  provider: providerSchema,
  image: z.string().nullable(),
  status: jobStatusSchema,
  exit_code: exitCodeSchema,
  /** Only for `skipped`. */
  reason: z.string().optional(),
  started_at: nullableTimestampSchema,
  finished_at: nullableTimestampSchema,
  duration_ms: durationSchema,
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const stepEntrySchema = z.object({
  index: z.int().positive(),
  /** The step's directory name: `01`, `02`, … (`100` and up past 99). */
  label: z.string().regex(/^\d{2,}$/),
  /** Redacted. */
  command: z.string(),
  status: jobStatusSchema,
  exit_code: exitCodeSchema,
  /** Null for a step that never started (no directory is written for it). */
  summary_path: relPathSchema.nullable(),
  events_path: relPathSchema.nullable(),
});
export type StepEntry = z.infer<typeof stepEntrySchema>;

export const sectionEntrySchema = z.object({
  name: sectionNameSchema,
  phase_code: phaseCodeSchema,
  status: jobStatusSchema,
  summary_path: relPathSchema,
  events_path: relPathSchema,
});
export type SectionEntry = z.infer<typeof sectionEntrySchema>;

const jobArtifactsSchema = z.object({
  /** `jobs/<id>/artifacts` (files under their workspace-relative paths); null when nothing was copied. */
  files_path: relPathSchema.nullable(),
  archive_path: relPathSchema.nullable(),
  /** The workspace-relative paths copied (whole directories where nothing below was left out). */
  copied: z.array(z.string()),
  /** Patterns of `paths` that matched nothing (each also a warning). */
  missing: z.array(z.string()),
  /** The job's `artifacts.when`; the section is `skipped` when it did not apply to the job's result. */
  when: z.enum(['on_success', 'on_failure', 'always']).nullable(),
  /** Files and symlinks extracted, and their bytes (null when nothing was extracted). */
  files: z.int().nonnegative().nullable(),
  bytes: z.int().nonnegative().nullable(),
});
export type JobArtifacts = z.infer<typeof jobArtifactsSchema>;

export const jobManifestSchema = z.object({
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  kind: z.literal(KINDS.jobManifest),
  job_id: z.string(),
  status: jobStatusSchema,
  exit_code: exitCodeSchema,
  /** `user/execution` for a step failure, else the failing system section's name; null when it passed. */
  failing_section: z.string().nullable(),
  /** Set when the failure is a user step. */
  failing_step_events_path: relPathSchema.nullable(),
  events_path: relPathSchema,
  execution_events_path: relPathSchema.nullable(),
  steps: z.array(stepEntrySchema),
  /** Sections in the order they started. */
  system_sections: z.array(sectionEntrySchema),
  artifacts: jobArtifactsSchema.nullable(),
  /** The job's cache work in one line, as the terminal shows it (`cache pnpm: hit loom-cache-3f2a1b2c… (41 MB,
   * 0.4 s), unchanged`): the `line` of the cache_save section's data, else cache_restore's; null without. */
  cache: z.string().nullable(),
});
export type JobManifest = z.infer<typeof jobManifestSchema>;
