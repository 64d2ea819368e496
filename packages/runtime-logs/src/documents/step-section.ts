/** Step and system-section `summary.json` (runtime-logs.md §4.8–4.9). */
import { z } from 'zod';
import {
  KINDS,
  LOGS_SCHEMA_VERSION,
  durationSchema,
  exitCodeSchema,
  jobStatusSchema,
  nullableTimestampSchema,
  phaseCodeSchema,
  recordedErrorSchema,
  relPathSchema,
  runIdSchema,
  sectionNameSchema,
} from './common.js';

const timing = {
  started_at: nullableTimestampSchema,
  finished_at: nullableTimestampSchema,
  duration_ms: durationSchema,
};

export const stepSummarySchema = z.object({
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  kind: z.literal(KINDS.stepSummary),
  run_id: runIdSchema,
  job_id: z.string(),
  index: z.int().positive(),
  label: z.string().regex(/^\d{2,}$/),
  command: z.string(),
  status: jobStatusSchema,
  exit_code: exitCodeSchema,
  /** Set when the step ended by a signal. */
  signal: z.string().optional(),
  ...timing,
  /** How many output lines the step produced (the lines are in `events.jsonl`). */
  output_lines: z.int().nonnegative(),
  errors: z.array(recordedErrorSchema),
  events_path: relPathSchema,
});
export type StepSummary = z.infer<typeof stepSummarySchema>;

export const sectionSummarySchema = z.object({
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  kind: z.literal(KINDS.sectionSummary),
  run_id: runIdSchema,
  job_id: z.string(),
  name: sectionNameSchema,
  phase_code: phaseCodeSchema,
  /** `skipped`: the section ran but had no work (e.g. a cache miss); see `data`. */
  status: jobStatusSchema,
  ...timing,
  output_lines: z.int().nonnegative(),
  /** What the section reported when it finished (e.g. `{hit: false}`), redacted; null when nothing. */
  data: z.record(z.string(), z.unknown()).nullable(),
  errors: z.array(recordedErrorSchema),
  events_path: relPathSchema,
});
export type SectionSummary = z.infer<typeof sectionSummarySchema>;
