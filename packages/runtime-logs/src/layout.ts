/**
 * Where every file of `.loom/.runtime/` lives (runtime-logs.md §1). Relative paths are relative to the run's
 * logs directory, `.loom/.runtime/logs/<run_id>/`, and always use `/`.
 */
import { join } from 'node:path';
import type { SectionName } from '@loom/contracts';

export const EVENTS_FILE = 'events.jsonl';
export const SUMMARY_FILE = 'summary.json';
export const MANIFEST_FILE = 'manifest.json';
export const PHASE_REPORT_FILE = 'phase-report.json';
const PIPELINE_DIR = 'pipeline';
/** The failing-section value for a user step failure. */
export const EXECUTION_SECTION = 'user/execution';

export const RUN_ID_PATTERN = /^loom-run-local-(\d+)$/;

export const pipelinePath = (file: string): string => `${PIPELINE_DIR}/${file}`;
export const jobDir = (jobId: string): string => `jobs/${jobId}`;
export const executionDir = (jobId: string): string => `${jobDir(jobId)}/${EXECUTION_SECTION}`;
export const sectionDir = (jobId: string, section: SectionName): string => `${jobDir(jobId)}/system/${section}`;
export const artifactsDir = (jobId: string): string => `${jobDir(jobId)}/artifacts`;
export const artifactsArchive = (jobId: string): string => `${jobDir(jobId)}/artifacts.tar.gz`;

/** `01`…`99`, then `100`, `101`…: two digits, widened only past 99. */
export const stepLabel = (index: number): string => String(index).padStart(2, '0');
export const stepDir = (jobId: string, index: number): string =>
  `${executionDir(jobId)}/script/${stepLabel(index)}`;

export const logsDirOf = (runtimeDir: string, runId: string): string => join(runtimeDir, 'logs', runId);
export const receiptsDirOf = (runtimeDir: string): string => join(runtimeDir, 'receipts');
/** `receipts/loom-run-local-<ns>.json`: the receipt name repeats the run id. */
export const runReceiptPathOf = (runtimeDir: string, runId: string): string =>
  join(receiptsDirOf(runtimeDir), `${runId}.json`);
/** Temp files of atomic writes: same file system as logs and receipts, outside both. */
export const tmpDirOf = (runtimeDir: string): string => join(runtimeDir, '.tmp');
