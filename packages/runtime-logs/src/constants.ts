/**
 * The contract's literal identities (runtime-logs.md §2–3), kept free of zod so the writer and `loom check`
 * load without the schema library; `documents/` builds its schemas on them.
 */
/** `schema_version` of every `events.jsonl` line and every `pipeline/*.json` and `jobs/**\/*.json`. */
export const LOGS_SCHEMA_VERSION = 'loom.runtime.logs.v2';
/** `schema_version` of receipts, the run-level `summary.json` and `phase-report.json`. */
export const V1 = 'v1';

/** `kind` of every document. The v2 ones are our decision (the spec leaves them open). */
export const KINDS = {
  runReceipt: 'loom-run-local',
  checkReceipt: 'loom-check',
  runSummary: 'loom-run-local-logs',
  phaseReport: 'loom-run-local-phase-report',
  pipelineSummary: 'loom-pipeline-summary',
  pipelineManifest: 'loom-pipeline-manifest',
  jobSummary: 'loom-job-summary',
  jobManifest: 'loom-job-manifest',
  stepSummary: 'loom-step-summary',
  sectionSummary: 'loom-section-summary',
} as const;

export const RUN_STATUSES = ['success', 'failure'] as const;
export const JOB_STATUSES = ['success', 'failed', 'skipped'] as const;
