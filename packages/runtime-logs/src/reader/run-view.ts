/**
 * A whole run record read back for people (`loom logs`, `loom runs`, the HTML report): the run summary, the
 * pipeline manifest and every job's summary and manifest, each validated. Paths stay relative to the logs
 * directory, so a record moved elsewhere (an exported archive) reads the same.
 */
import { join } from 'node:path';
import { type JobManifest, type JobSummary, jobManifestSchema, jobSummarySchema } from '../documents/job.js';
import { type PipelineManifest, pipelineManifestSchema } from '../documents/pipeline.js';
import { type RunSummary, runSummarySchema } from '../documents/run-summary.js';
import { type StepSummary, stepSummarySchema } from '../documents/step-section.js';
import { jobDir } from '../layout.js';
import { readDocument } from './read-document.js';

export interface JobView {
  id: string;
  stage: string;
  summary: JobSummary;
  /** Absent for a job that never got a manifest (e.g. a run cancelled before it). */
  manifest?: JobManifest;
}

export interface RunView {
  /** Absolute logs directory (`.loom/.runtime/logs/<run_id>/`). */
  logsDir: string;
  summary: RunSummary;
  /** Null when the run ended before the pipeline started. */
  pipeline: PipelineManifest | null;
  /** In roster (plan) order. */
  jobs: JobView[];
}

export async function readRunView(logsDir: string): Promise<RunView> {
  const summary = await readDocument(join(logsDir, 'summary.json'), runSummarySchema, 'run summary');
  const manifestPath = summary.pipeline_manifest_path;
  const pipeline = manifestPath === null ? null : await readDocument(join(logsDir, manifestPath), pipelineManifestSchema, 'pipeline manifest');
  const jobs = await Promise.all((pipeline?.jobs ?? []).map(async (entry): Promise<JobView> => {
    const dir = join(logsDir, jobDir(entry.job_id));
    const jobSummary = await readDocument(join(dir, 'summary.json'), jobSummarySchema, 'job summary');
    const manifest = await readDocument(join(dir, 'manifest.json'), jobManifestSchema, 'job manifest').catch(() => undefined);
    return { id: entry.job_id, stage: entry.stage, summary: jobSummary, ...(manifest ? { manifest } : {}) };
  }));
  return { logsDir, summary, pipeline, jobs };
}

/** The summaries (timing, exit code, errors) of a job's steps that ran, in step order. */
export async function readStepSummaries(logsDir: string, manifest: JobManifest): Promise<StepSummary[]> {
  const paths = manifest.steps.flatMap((step) => (step.summary_path === null ? [] : [join(logsDir, step.summary_path)]));
  return Promise.all(paths.map((path) => readDocument(path, stepSummarySchema, 'step summary')));
}
