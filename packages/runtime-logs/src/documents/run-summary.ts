/** The run-level `summary.json` (runtime-logs.md §4.3); paths in it are relative to the logs directory. */
import { z } from 'zod';
import {
  KINDS,
  V1,
  durationSchema,
  exitCodeSchema,
  nullableTimestampSchema,
  pipelineIdSchema,
  relPathSchema,
  runIdSchema,
  runStatusSchema,
} from './common.js';

export const runSummarySchema = z.object({
  schema_version: z.literal(V1),
  kind: z.literal(KINDS.runSummary),
  run_id: runIdSchema,
  pipeline_id: pipelineIdSchema.nullable(),
  status: runStatusSchema,
  exit_code: exitCodeSchema,
  error: z.string().optional(),
  started_at: nullableTimestampSchema,
  finished_at: nullableTimestampSchema,
  duration_ms: durationSchema,
  events_path: relPathSchema,
  phase_report_path: relPathSchema,
  /** Null when the run ended before the pipeline started. */
  pipeline_summary_path: relPathSchema.nullable(),
  pipeline_manifest_path: relPathSchema.nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;
