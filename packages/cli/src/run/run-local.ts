/**
 * The heavy part of `loom run --local`, the composition root of a run: load and plan the workflow, wire the
 * record writer, the terminal reporter and the providers, hand everything to the engine, then print the
 * failure evidence and the receipt. Every path that knows the repository leaves a receipt.
 */
import { join } from 'node:path';
import { formatLoomError, isLoomError, LoomError } from '@loom/errors';
import { inheritableEnv, runPipeline, type RunResult } from '@loom/engine';
import type { Plan } from '@loom/planner';
import type { EventSink } from '@loom/runtime-logs';
import { loadWorkflow, printLines } from '../load-workflow.js';
import { type Counts, statusLine } from '../reporter/format.js';
import { createTerminalReporter } from '../reporter/reporter.js';
import { paintFor } from '../reporter/colour.js';
import { waitsOf } from '../reporter/live-block.js';
import { formatEvidence, readEvidence } from './evidence.js';
import { fanOut } from './fan-out.js';
import { idleWork, preloadReport } from './idle-work.js';
import { startRetention } from './retention.js';
import { type RunFlags, debugTraceOf } from './flags.js';
import { mirrorIntoWorkspace } from './mirror.js';
import { openScreen } from './output.js';
import { settleProviders, wireProviders } from './providers.js';
import { wireSecrets } from './secrets.js';
import { leftOutLines, withVariableValuesRedacted } from './selection.js';
import { type LocalRun, openRunRecord, recordEarlyFailure, runtimeDirOf } from './record.js';
import { withConfigNote } from './runtime-config.js';
import type { EarlyWorkspace } from './workspace.js';
import type { EarlyPlan } from './preboot.js';
import type { Preboots } from '@loom/provider-docker/preboot';

const say = (line: string): void => void process.stderr.write(`${line}\n`);
const describe = (error: unknown): string => (isLoomError(error) ? formatLoomError(error) : String(error));

/** A run that ended before the engine: the error, the receipt, exit 1. */
export async function failEarly(ctx: LocalRun, error: LoomError, lines: string[] = []): Promise<number> {
  printLines(lines);
  say(formatLoomError(error));
  const receipt = await recordEarlyFailure(ctx, error);
  const report = await reportOf(join(runtimeDirOf(ctx.repoRoot), 'logs', ctx.runId), receipt);
  say(statusLine({ status: 'failure', exitCode: 1, durationMs: ctx.clock.now() - ctx.startedAt, error: error.message }));
  if (report) say(`report: ${report}`);
  say(`receipt: ${receipt}`);
  return 1;
}

/** One pass of `--cache-diff`: whether the cache is used, and a sink that sees the pass's events. */
export interface CachePass {
  cacheEnabled: boolean;
  sink: EventSink;
}

/** `signal` aborts (first SIGINT/SIGTERM) cancel the run; see `signals.ts`. */
export async function runLoaded(ctx: LocalRun, flags: RunFlags, workspace: EarlyWorkspace, signal: AbortSignal, pass?: CachePass, early?: EarlyPlan): Promise<number> {
  const preboots = (await early?.preboots) ?? undefined;
  try {
    return await runPlanned(ctx, flags, workspace, signal, pass, early, preboots);
  } finally {
    // Booted containers no job took (a failed workflow, a cancelled run, jobs that needed another setup).
    await preboots?.discard();
  }
}

async function runPlanned(ctx: LocalRun, flags: RunFlags, workspace: EarlyWorkspace, signal: AbortSignal, pass: CachePass | undefined, early: EarlyPlan | undefined, preboots: Preboots | undefined): Promise<number> {
  let loaded: Awaited<ReturnType<typeof loadWorkflow>>;
  try {
    loaded = await (early?.loaded ?? loadWorkflow({ workflowPath: ctx.workflowPath, repoRoot: ctx.repoRoot, plan: flags.selection }));
  } catch (error) {
    await workspace.discard();
    // e.g. the workflow file is missing or unreadable: a failed run with a receipt, not an internal error.
    if (isLoomError(error) && error.code === 'PLAN_VARIABLE_IS_SECRET') return failEarly({ ...ctx, argv: withVariableValuesRedacted(ctx.argv) }, error);
    if (isLoomError(error)) return failEarly(ctx, error);
    throw error;
  }
  printLines(loaded.warningLines);
  if (!loaded.ok) {
    await workspace.discard();
    const count = loaded.issues.length;
    const error = new LoomError('WF_SCHEMA_V1', `the workflow is invalid (${count} issue${count === 1 ? '' : 's'}): ${loaded.lines[0] ?? ''}`, {
      hint: 'fix the lines above; `loom check` validates without running',
    });
    return failEarly(ctx, error, loaded.lines);
  }
  if (flags.verbosity !== 'quiet') printLines(leftOutLines(loaded.plan));
  return execute(ctx, flags, loaded.plan, workspace, signal, pass, preboots);
}

async function execute(ctx: LocalRun, flags: RunFlags, plan: Plan, workspace: EarlyWorkspace, signal: AbortSignal, pass?: CachePass, preboots?: Preboots): Promise<number> {
  const record = openRunRecord(ctx.repoRoot, ctx.runId);
  const screen = await openScreen(process.env, flags.verbosity);
  const paint = paintFor(process.stderr, process.env);
  const reporter = createTerminalReporter({ screen, verbosity: flags.verbosity, stream: flags.stream, mask: (t) => record.masker.maskText(t), now: ctx.clock.now, paint, waits: waitsOf(plan.graphIr) });
  const sink = withConfigNote(
    fanOut([record.writer, reporter, idleWork(() => whenIdle(ctx, pass)), ...(pass ? [pass.sink] : [])], (error) => say(`loom: the terminal reporter failed and was turned off: ${String(error)}`)),
    flags.runtimeConfig,
  );
  let result: RunResult;
  const secrets = await wireSecrets(ctx.runId, flags);
  try {
    result = await runPipeline(plan, {
      providers: await wireProviders(plan, flags, preboots),
      secrets,
      sink,
      snapshot: { repoRoot: ctx.repoRoot, make: workspace.make },
      clock: ctx.clock,
      run: ctx,
      concurrency: flags.concurrency,
      signal,
      dockerWorkspaceMode: flags.dockerWorkspaceMode,
      logsDir: record.writer.logsDir,
      cache: { storeDir: flags.cacheDir, enabled: pass?.cacheEnabled ?? true, measure: pass !== undefined },
      debugTrace: debugTraceOf(process.env),
      hostEnv: inheritableEnv(process.env),
      maskSecret: (name, value) => record.masker.register(name, value),
    });
  } finally {
    settleProviders(say);
    await secrets.close().catch((error: unknown) => say(`loom: could not remove the run's secret files: ${describe(error)}`));
    await sink.close().catch((error: unknown) => say(describe(error)));
  }
  if (result.snapshotPath !== undefined) {
    await mirrorIntoWorkspace(result.snapshotPath, record.writer.logsDir, record.writer.receiptPath).catch((error: unknown) =>
      say(`loom: could not link the run record into the isolated workspace: ${describe(error)}`),
    );
  }
  // A `--cache-diff` pass names its record by its logs directory: the run's one receipt line comes last,
  // after the diff (cache-diff.ts), and the cache-off pass's receipt is folded into it and removed.
  const named = pass ? `record (cache ${pass.cacheEnabled ? 'on' : 'off'}): ${record.writer.logsDir}` : `receipt: ${record.writer.receiptPath}`;
  return finish(ctx, flags, record.writer.receiptPath, { ...result, counts: reporter.counts(), report: await reportOf(record.writer.logsDir, record.writer.receiptPath) }, named);
}

/** Started while the first job's cleanup waits (idle-work.ts). `--cache-diff`'s passes leave retention out. */
function whenIdle(ctx: LocalRun, pass: CachePass | undefined): void {
  if (pass === undefined) startRetention(ctx.repoRoot, ctx.runId);
  preloadReport();
}

/** The HTML report beside the run summary; a failure to write it is said, never fails the run. */
async function reportOf(logsDir: string, receiptPath: string): Promise<string | undefined> {
  return import('../report/write-report.js').then(({ writeReport }) => writeReport(logsDir, receiptPath)).catch((error: unknown) => {
    say(`loom: could not write the HTML report: ${describe(error)}`);
    return undefined;
  });
}

async function finish(ctx: LocalRun, flags: RunFlags, receiptPath: string, outcome: RunResult & { counts: Counts; report: string | undefined }, named: string): Promise<number> {
  if (outcome.status !== 'success' && flags.verbosity !== 'quiet') {
    const evidence = await readEvidence(receiptPath).catch((error: unknown) => {
      say(`loom: could not read the failure back from the record: ${describe(error)}`);
      return undefined;
    });
    if (evidence) for (const line of formatEvidence(evidence)) say(line);
  }
  const { status, exitCode, counts, error } = outcome;
  const paint = paintFor(process.stderr, process.env);
  const line = statusLine({ status, exitCode, durationMs: ctx.clock.now() - ctx.startedAt, counts, ...(error ? { error } : {}) });
  say(status === 'success' ? paint.ok(line) : paint.bad(line));
  if (outcome.report && flags.verbosity !== 'quiet') say(`report: ${outcome.report}`);
  say(named);
  return exitCode;
}
