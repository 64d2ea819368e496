/** Receipts (runtime-logs.md §4.1–4.2, cli.md): the one file a run or a check always leaves behind. */
import { z } from 'zod';
import {
  KINDS,
  V1,
  absPathSchema,
  durationSchema,
  pipelineIdSchema,
  runStatusSchema,
  timestampSchema,
} from './common.js';

/** Our shape for the spec's open `executor_receipt`: what the local executor did, in counts. */
export const executorReceiptSchema = z.object({
  executor: z.literal('local'),
  pipeline_id: pipelineIdSchema.nullable(),
  jobs: z.object({
    total: z.int().nonnegative(),
    success: z.int().nonnegative(),
    failed: z.int().nonnegative(),
    skipped: z.int().nonnegative(),
  }),
  failing_job_id: z.string().nullable(),
});
export type ExecutorReceipt = z.infer<typeof executorReceiptSchema>;

/** `--cache-diff` (cache.md §8): what the cache-off and cache-on passes were compared on, and what was quarantined. */
export const cacheDiffSchema = z.object({
  /** The first pass, run with the cache off (its receipt is folded into this one). */
  cache_off_logs_dir: absPathSchema,
  cache_off_exit_code: z.int(),
  jobs: z.array(
    z.object({
      job_id: z.string(),
      diverged: z.boolean(),
      /** e.g. `exit code 0 (cache off) vs 1 (cache on)`, `step 2 exit code …`, `cache pnpm paths digest differs`. */
      reasons: z.array(z.string()),
      /** Keys the cache-on pass restored for this job. */
      cache_hits: z.array(z.object({ name: z.string(), key: z.string() })),
    }),
  ),
  quarantined: z.array(z.object({ key: z.string(), name: z.string(), job_id: z.string(), reason: z.string() })),
});
export type CacheDiff = z.infer<typeof cacheDiffSchema>;

/** `receipts/loom-run-local-<ns>.json`. No `run_id`: derive it from the last segment of `logs_dir`. */
export const runReceiptSchema = z.object({
  schema_version: z.literal(V1),
  kind: z.literal(KINDS.runReceipt),
  loom_version: z.string(),
  command: z.array(z.string()),
  repo_root: absPathSchema,
  workflow_path: absPathSchema,
  started_at: timestampSchema,
  finished_at: timestampSchema,
  duration_ms: durationSchema.unwrap(),
  status: runStatusSchema,
  exit_code: z.int(),
  /** Present only when Loom surfaced a run-level error. */
  error: z.string().optional(),
  logs_dir: absPathSchema,
  events_jsonl_path: absPathSchema,
  phase_report_path: absPathSchema,
  snapshot_path: absPathSchema.optional(),
  snapshot_head_sha: z.string().optional(),
  executor_receipt: executorReceiptSchema,
  graph_ir: z.unknown(),
  /** Only for `loom run --local --cache-diff` (the receipt of its second, cache-on pass). */
  cache_diff: cacheDiffSchema.optional(),
});
export type RunReceipt = z.infer<typeof runReceiptSchema>;

/** One element of `workflow_schema_v1.errors` (gap 10: structured, printed as `workflow.yml:<line> <message>`). */
export const checkErrorSchema = z.object({
  code: z.string(),
  /** JSON pointer into the workflow document. */
  path: z.string(),
  message: z.string(),
  line: z.int().nullable(),
  column: z.int().nullable(),
  file: z.string(),
  hint: z.string().optional(),
});
export type CheckError = z.infer<typeof checkErrorSchema>;

/** `receipts/<YYYYMMDDTHHMMSSZ>-check-<pid>.json`. */
export const checkReceiptSchema = z.object({
  schema_version: z.literal(V1),
  kind: z.literal(KINDS.checkReceipt),
  loom_version: z.string(),
  command: z.array(z.string()),
  exit_code: z.int(),
  status: runStatusSchema,
  workflow_schema_v1: z.object({
    workflow_path: absPathSchema,
    valid: z.boolean(),
    errors: z.array(checkErrorSchema),
  }),
});
export type CheckReceipt = z.infer<typeof checkReceiptSchema>;
