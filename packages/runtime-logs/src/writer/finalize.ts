/**
 * What `close()` does, in order: end the run if `run_finished` never came, end cut lines, close every stream,
 * write the job and pipeline documents, finish `run.finalize`, then write `phase-report.json`, the run
 * `summary.json` and, last, the receipt — so an existing receipt means a complete record.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../atomic-write.js';
import { EVENTS_FILE, MANIFEST_FILE, PHASE_REPORT_FILE, SUMMARY_FILE, pipelinePath } from '../layout.js';
import { computePhaseReport } from '../phase-report.js';
import type { WriterContext } from './context.js';
import { type BuildContext, buildJobDocuments } from './job-documents.js';
import { addressOf } from './lines.js';
import { flushPartials } from './output.js';
import {
  type ReceiptPaths,
  buildPipelineManifest,
  buildPipelineSummary,
  buildRunReceipt,
  buildRunSummary,
  runOutcome,
} from './run-documents.js';
import { onRunFinished } from './run-events.js';
import { finalJobStatus } from './state.js';

export interface FinalizeOptions {
  logsDir: string;
  tmpDir: string;
  receiptPath: string;
  now: () => number;
}

function endOpenLines(ctx: WriterContext, ts: number): void {
  for (const job of ctx.state.jobs.values()) {
    for (const target of [...job.steps.values(), ...job.sections.values(), job.jobTarget]) {
      if (target !== undefined) flushPartials(ctx, target, ts);
    }
  }
}

/** Writes everything; returns a function that builds the receipt for other locations (mirrors). */
export function finalize(ctx: WriterContext, options: FinalizeOptions): (paths: ReceiptPaths) => unknown {
  const { state } = ctx;
  const { logsDir, tmpDir, now } = options;
  const write = (rel: string, doc: unknown) => writeJsonAtomic(join(logsDir, rel), doc, tmpDir);
  if (state.finished === undefined) onRunFinished(ctx, { type: 'run_finished', ts: now(), ...runOutcome(state) });
  const finishedTs = (state.finished as { ts: number }).ts;
  endOpenLines(ctx, finishedTs);
  ctx.files.closeAll();

  const build: BuildContext = { runId: state.runId, iso: ctx.iso, exists: (rel) => existsSync(join(logsDir, rel)) };
  for (const job of state.jobs.values()) for (const { rel, doc } of buildJobDocuments(build, job)) write(rel, doc);
  if (state.pipeline !== undefined && state.pipelineId !== null) {
    write(pipelinePath(SUMMARY_FILE), buildPipelineSummary(build, state, state.pipelineId));
    write(pipelinePath(MANIFEST_FILE), buildPipelineManifest(build, state, state.pipelineId));
  }

  const endTs = Math.max(now(), finishedTs);
  const runFile = ctx.files.get(EVENTS_FILE);
  ctx.write([runFile], addressOf('run.finalize'), endTs, 'phase_finish', { status: 'success' }, 'finish');
  runFile.close();
  const skippedJobs = [...state.jobs.values()].filter((j) => finalJobStatus(j) === 'skipped').map((j) => j.jobId);
  const report = computePhaseReport({
    runId: state.runId,
    checkedAt: ctx.iso(endTs),
    boundaries: state.boundaries,
    startedJobs: state.startOrder,
    skippedJobs,
  });
  write(PHASE_REPORT_FILE, report);

  const times = { startedTs: state.started?.ts ?? finishedTs, finishedTs };
  write(SUMMARY_FILE, buildRunSummary(build, state, times));
  const receiptFor = (paths: ReceiptPaths) => buildRunReceipt(build, state, times, paths);
  writeJsonAtomic(
    options.receiptPath,
    receiptFor({ logsDir, eventsPath: join(logsDir, EVENTS_FILE), phaseReportPath: join(logsDir, PHASE_REPORT_FILE) }),
    tmpDir,
  );
  return receiptFor;
}
