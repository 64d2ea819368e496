/**
 * What the HTML report shows, gathered from the run record only (so it is redacted exactly as the record):
 * the run summary, the pipeline manifest, every job's summary, manifest and step summaries, the failing
 * step's last lines, and — from the receipt beside the logs — the command, the stages and the needs edges.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  type JobArtifacts,
  type JobView,
  type RecordedError,
  readEventLines,
  readRunView,
  readStepSummaries,
  tailOutputLines,
} from '@loom/runtime-logs/reader';

const FAILING_LINES = 40;

export interface ReportStep {
  index: number;
  command: string;
  status: string;
  exitCode: number | null;
  durationMs: number | null;
  failing: boolean;
  /** Relative to the logs directory. */
  eventsHref: string | null;
}

export interface ReportJob {
  id: string;
  stage: string;
  provider: string;
  image: string | null;
  status: string;
  exitCode: number | null;
  reason?: string;
  /** Epoch ms; null for a job that never started. */
  startMs: number | null;
  endMs: number | null;
  durationMs: number | null;
  steps: ReportStep[];
  failingSection: string | null;
  /** The failing step's (or section's) last output lines, oldest first. */
  failingLines: string[];
  errors: RecordedError[];
  cache: string | null;
  artifacts: JobArtifacts | null;
  links: { label: string; href: string }[];
}

export interface ReportModel {
  runId: string;
  status: string;
  exitCode: number | null;
  error?: string;
  startMs: number | null;
  endMs: number | null;
  durationMs: number | null;
  command: string[] | null;
  loomVersion: string | null;
  stages: string[];
  jobs: ReportJob[];
  edges: { from: string; to: string }[];
  links: { label: string; href: string }[];
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

type Receipt = { command?: string[]; loom_version?: string; graph_ir?: { stages?: string[]; edges?: { from: string; to: string; kind: string }[] } };

async function readReceiptLoose(path: string | undefined): Promise<Receipt | undefined> {
  if (path === undefined) return undefined;
  return readFile(path, 'utf8').then((text) => JSON.parse(text) as Receipt, () => undefined);
}

export async function buildReportModel(logsDir: string, receiptPath?: string): Promise<ReportModel> {
  const view = await readRunView(logsDir);
  const receipt = await readReceiptLoose(receiptPath);
  const jobs = await Promise.all(view.jobs.map((job) => reportJob(logsDir, job)));
  const stages = receipt?.graph_ir?.stages ?? [...new Set(jobs.map((j) => j.stage))];
  const edges = (receipt?.graph_ir?.edges ?? []).filter((e) => e.kind === 'needs').map(({ from, to }) => ({ from, to }));
  const { summary } = view;
  const links = [
    ...(receiptPath ? [{ label: 'receipt', href: relative(logsDir, receiptPath) }] : []),
    { label: 'run summary', href: 'summary.json' },
    { label: 'phase report', href: summary.phase_report_path },
    { label: 'run events', href: summary.events_path },
    ...(summary.pipeline_manifest_path ? [{ label: 'pipeline manifest', href: summary.pipeline_manifest_path }] : []),
  ];
  return {
    runId: summary.run_id,
    status: summary.status,
    exitCode: summary.exit_code,
    ...(summary.error ? { error: summary.error } : {}),
    startMs: ms(summary.started_at),
    endMs: ms(summary.finished_at),
    durationMs: summary.duration_ms,
    command: receipt?.command ?? null,
    loomVersion: receipt?.loom_version ?? null,
    stages,
    jobs,
    edges,
    links,
  };
}

async function reportJob(logsDir: string, job: JobView): Promise<ReportJob> {
  const { summary, manifest } = job;
  const stepSummaries = manifest ? await readStepSummaries(logsDir, manifest) : [];
  const byIndex = new Map(stepSummaries.map((s) => [s.index, s]));
  const steps: ReportStep[] = (manifest?.steps ?? []).map((step) => ({
    index: step.index,
    command: step.command,
    status: step.status,
    exitCode: step.exit_code,
    durationMs: byIndex.get(step.index)?.duration_ms ?? null,
    failing: step.events_path !== null && step.events_path === manifest?.failing_step_events_path,
    eventsHref: step.events_path,
  }));
  const failing = await failingEvidence(logsDir, job);
  const dir = `jobs/${job.id}`;
  return {
    id: job.id,
    stage: job.stage,
    provider: summary.provider,
    image: summary.image,
    status: summary.status,
    exitCode: summary.exit_code,
    ...(summary.reason ? { reason: summary.reason } : {}),
    startMs: ms(summary.started_at),
    endMs: ms(summary.finished_at),
    durationMs: summary.duration_ms,
    steps,
    failingSection: manifest?.failing_section ?? null,
    failingLines: failing.lines,
    errors: [...failing.errors, ...stepSummaries.flatMap((s) => s.errors)],
    cache: manifest?.cache ?? null,
    artifacts: manifest?.artifacts ?? null,
    links: [
      { label: 'summary', href: `${dir}/summary.json` },
      ...(manifest ? [{ label: 'manifest', href: `${dir}/manifest.json` }, { label: 'events', href: manifest.events_path }] : []),
      ...(manifest?.artifacts?.archive_path ? [{ label: 'artifacts.tar.gz', href: manifest.artifacts.archive_path }] : []),
    ],
  };
}

/** The last lines of the failing step, or the output and errors of the failing system section. */
async function failingEvidence(logsDir: string, job: JobView): Promise<{ lines: string[]; errors: RecordedError[] }> {
  const manifest = job.manifest;
  if (!manifest?.failing_section) return { lines: [], errors: [] };
  if (manifest.failing_step_events_path) return { lines: await tailOutputLines(join(logsDir, manifest.failing_step_events_path), FAILING_LINES), errors: [] };
  const section = manifest.system_sections.find((s) => s.name === manifest.failing_section);
  if (!section) return { lines: [], errors: [] };
  const events = await readEventLines(join(logsDir, section.events_path)).catch(() => []);
  const errors = events.flatMap((e) => (e.event === 'error' ? [{ code: e.error_code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }] : []));
  return { lines: await tailOutputLines(join(logsDir, section.events_path), FAILING_LINES), errors };
}
