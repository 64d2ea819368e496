/**
 * The terminal reporter: an EventSink beside the run-record writer, so the person at the terminal and the
 * files see the same facts (conventions practice 7). Verbosity changes only what is printed here.
 */
import type { EventSink, LoomEvent } from '@loom/runtime-logs';
import { type Paint, noPaint, paintStatus } from './colour.js';
import { type Counts, formatBytes, formatDuration } from './format.js';
import { type LiveState, type Waits, liveBlock } from './live-block.js';
import type { Screen } from './screen.js';
import { createStreamPrinter } from './stream-printer.js';

export type Verbosity = 'quiet' | 'default' | 'verbose';

export interface ReporterOptions {
  screen: Screen;
  verbosity: Verbosity;
  /** `--stream`: every output line, prefixed `[job] `. */
  stream: boolean;
  /** Applied to every text the reporter prints (secret values become `[REDACTED:…]`). */
  mask: (text: string) => string;
  /** Epoch ms, for the elapsed times of the live view. */
  now: () => number;
  /** Colour (a TTY, FORCE_COLOR) or none (piped, NO_COLOR): `paintFor` in colour.ts. */
  paint?: Paint;
  /** What each planned job waits for, for the live block's waiting rows. */
  waits?: Waits;
}

export interface TerminalReporter extends EventSink {
  counts(): Counts;
}

type Running = LiveState['running'] extends Map<string, infer R> ? R : never;

export function createTerminalReporter(options: ReporterOptions): TerminalReporter {
  const { screen, verbosity, mask, now } = options;
  const running = new Map<string, Running>();
  /** The latest cache summary line per job (the save's covers restore and save), printed with its finish. */
  const cacheLines = new Map<string, string>();
  const counts: Counts = { success: 0, failed: 0, skipped: 0 };
  const loud = verbosity !== 'quiet';
  const verbose = verbosity === 'verbose';
  const paint = options.paint ?? noPaint;
  const print = (line: string): void => screen.print(mask(line));
  const live: LiveState = { startedTs: undefined, running, ended: new Set(), done: 0, failed: 0 };
  const stream = createStreamPrinter(print, paint);
  if (loud) screen.setLive(() => liveBlock(live, options.waits, now(), paint).map(mask));

  const handlers: { [T in LoomEvent['type']]?: (e: Extract<LoomEvent, { type: T }>) => void } = {
    run_started: (e) => {
      live.startedTs = e.ts;
      if (verbose) print(`run ${e.runId} · pipeline ${e.pipelineId} · loom ${e.loomVersion}\nworkflow: ${e.workflowPath}`);
    },
    snapshot_ready: (e) => {
      if (loud) print(`isolated workspace: ${e.path}`);
      if (verbose) print(`snapshot of ${e.headSha}`);
    },
    pipeline_started: (e) => verbose && print(`pipeline: ${e.jobs.length} job(s): ${e.jobs.map((j) => `${j.jobId} (${j.stage}, ${j.provider})`).join(', ')}`),
    job_started: (e) => {
      running.set(e.jobId, { stage: e.stage, startedTs: e.ts, steps: e.steps.length });
      if (loud) print(`started  ${e.jobId} (stage ${e.stage}, ${e.provider}${e.image ? ` ${e.image}` : ''})`);
    },
    step_started: (e) => {
      const job = running.get(e.jobId);
      if (job) Object.assign(job, { step: e.index, command: e.command });
      if (options.stream) stream.stepStarted(e);
      else if (verbose) print(`  ${e.jobId} step ${e.index}: ${e.command}`);
    },
    step_finished: (e) => verbose && print(`  ${e.jobId} step ${e.index} ${e.status} (exit ${e.exitCode}${e.signal ? `, ${e.signal}` : ''})`),
    output: (e) => options.stream && stream.output(e),
    job_finished: (e) => {
      const job = running.get(e.jobId);
      running.delete(e.jobId);
      counts[e.status === 'success' ? 'success' : 'failed'] += 1;
      live.ended.add(e.jobId);
      live.done += 1;
      if (e.status !== 'success') live.failed += 1;
      const took = job ? ` in ${formatDuration(e.ts - job.startedTs)}` : '';
      if (options.stream) stream.jobFinished(e);
      if (loud) print(`finished ${e.jobId}: ${paintStatus(paint, e.status)}${e.status === 'success' ? '' : ` (exit ${e.exitCode})`}${took}`);
      const cache = cacheLines.get(e.jobId);
      cacheLines.delete(e.jobId);
      if (loud && cache !== undefined) print(`  ${cache}`);
    },
    job_skipped: (e) => {
      counts.skipped += 1;
      live.ended.add(e.jobId);
      if (loud) print(`${paint.dim('skipped')}  ${e.jobId}: ${e.reason}`);
    },
    section_finished: (e) => {
      const line = e.data?.['line'];
      if ((e.section === 'cache_restore' || e.section === 'cache_save') && typeof line === 'string') cacheLines.set(e.jobId, line);
      // One line per job with artifacts: where they are (runtime-logs.md §8).
      const dir = e.data?.['dir'];
      if (loud && e.section === 'artifact_extract' && e.status === 'success' && typeof dir === 'string') {
        print(`artifacts ${e.jobId}: ${dir} (${String(e.data?.['files'] ?? 0)} file(s), ${formatBytes(Number(e.data?.['bytes'] ?? 0))})`);
      }
    },
    note: (e) => {
      if (options.stream) stream.note(e);
      if (verbose) print(`  ${e.jobId ? `${e.jobId} ` : ''}${e.section ? `${e.section}: ` : ''}${e.message}`);
    },
    warning: (e) => loud && print(`${paint.warn('warning')}: ${e.jobId ? `${e.jobId}: ` : ''}${e.message}`),
    error: (e) => loud && print(`${paint.bad('error')}: ${e.jobId ? `${e.jobId}: ` : ''}${e.code}: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`),
  };

  return {
    emit(event) {
      const handler = handlers[event.type] as ((e: LoomEvent) => void) | undefined;
      handler?.(event);
    },
    async close() {
      screen.stop();
    },
    counts: () => ({ ...counts }),
  };
}
