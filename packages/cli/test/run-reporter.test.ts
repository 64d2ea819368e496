/** The terminal reporter and the run flags, without a process: what each verbosity prints for the same events. */
import { describe, expect, it } from 'vitest';
import type { LoomEvent } from '@loom/runtime-logs';
import { createTerminalReporter, type Verbosity } from '../src/reporter/reporter.js';
import { formatDuration, statusLine } from '../src/reporter/format.js';
import type { Screen } from '../src/reporter/screen.js';
import { loadRuntimeConfig } from '@loom/config';
import { debugTraceOf, parseRunFlags } from '../src/run/flags.js';
import { wantsLiveView } from '../src/run/output.js';
import { ansiPaint, colourEnabled } from '../src/reporter/colour.js';

function capture(): Screen & { lines: string[]; live: () => string[] } {
  let rows: () => string[] = () => [];
  const screen = {
    lines: [] as string[],
    live: () => rows(),
    print: (line: string) => void screen.lines.push(line),
    setLive: (next: () => string[]) => void (rows = next),
    stop: () => undefined,
  };
  return screen;
}

const T = 1_000_000;
const EVENTS: LoomEvent[] = [
  { type: 'run_started', ts: T, runId: 'loom-run-local-1', pipelineId: 'loom-local-1', argv: [], repoRoot: '/r', workflowPath: '/r/.loom/workflow.yml', loomVersion: '0.1.0', graphIr: null },
  { type: 'snapshot_ready', ts: T + 5, path: '/tmp/loom-run-local-1-9', headSha: 'abc' },
  { type: 'pipeline_started', ts: T + 6, jobs: [{ jobId: 'build', stage: 'build', provider: 'host' }] },
  { type: 'job_started', ts: T + 10, jobId: 'build', stage: 'build', provider: 'host', steps: ['make', 'make test'] },
  { type: 'step_started', ts: T + 11, jobId: 'build', index: 1, command: 'make' },
  { type: 'output', ts: T + 12, jobId: 'build', index: 1, stream: 'stdout', bytes: Buffer.from(['token', 'hunter22'].join('=')) },
  { type: 'step_finished', ts: T + 13, jobId: 'build', index: 1, status: 'failed', exitCode: 2 },
  { type: 'job_finished', ts: T + 1510, jobId: 'build', status: 'failed', exitCode: 2 },
  { type: 'job_skipped', ts: T + 1511, jobId: 'deploy', stage: 'deploy', provider: 'host', reason: 'needs build, which failed' },
  { type: 'warning', ts: T + 1512, jobId: 'build', message: 'cache is not supported yet' },
];

function report(verbosity: Verbosity, stream = false) {
  const screen = capture();
  const reporter = createTerminalReporter({ screen, verbosity, stream, mask: (t) => t.replaceAll('hunter22', '[REDACTED:SECRET_T]'), now: () => T + 500 });
  for (const event of EVENTS.slice(0, 5)) reporter.emit(event);
  const live = screen.live();
  for (const event of EVENTS.slice(5)) reporter.emit(event);
  return { lines: screen.lines, live, counts: reporter.counts() };
}

describe('terminal reporter', () => {
  it('default: workspace, job start/finish with status and duration, skips and warnings', () => {
    const { lines, counts } = report('default');
    expect(lines).toEqual([
      'isolated workspace: /tmp/loom-run-local-1-9',
      'started  build (stage build, host)',
      'finished build: failed (exit 2) in 1.5s',
      'skipped  deploy: needs build, which failed',
      'warning: build: cache is not supported yet',
    ]);
    expect(counts).toEqual({ success: 0, failed: 1, skipped: 1 });
  });

  it("prints a job's cache line under its finish line", () => {
    const screen = capture();
    const reporter = createTerminalReporter({ screen, verbosity: 'default', stream: false, mask: (t) => t, now: () => T });
    const line = 'cache pnpm: hit loom-cache-3f2a1b2c… (41 MB, 0.4 s), unchanged';
    reporter.emit({ type: 'job_started', ts: T, jobId: 'deps', stage: 'build', provider: 'host', steps: ['ok'] });
    reporter.emit({ type: 'section_finished', ts: T + 1, jobId: 'deps', section: 'cache_restore', status: 'success', data: { line: 'cache pnpm: hit' } });
    reporter.emit({ type: 'section_finished', ts: T + 2, jobId: 'deps', section: 'cache_save', status: 'skipped', data: { line } });
    reporter.emit({ type: 'job_finished', ts: T + 400, jobId: 'deps', status: 'success', exitCode: 0 });
    expect(screen.lines.slice(-2)).toEqual(['finished deps: success in 400ms', `  ${line}`]);
  });

  it('quiet prints nothing while running; verbose adds metadata and steps', () => {
    expect(report('quiet').lines).toEqual([]);
    const verbose = report('verbose').lines;
    expect(verbose).toContain('  build step 1: make');
    expect(verbose).toContain('  build step 1 failed (exit 2)');
    expect(verbose.some((l) => l.startsWith('run loom-run-local-1'))).toBe(true);
  });

  it('--stream prefixes output with the job and masks it', () => {
    expect(report('default', true).lines).toContain('[build] token=[REDACTED:SECRET_T]');
  });

  it('the live block: a header with elapsed time and counts, running jobs with step and elapsed time', () => {
    expect(report('default').live).toEqual(['loom run 500ms · 0 done · 1 running · 0 waiting · 0 failed', '  running build  step 1/2 make · 490ms']);
  });

  it('the live block lists waiting jobs and what each still waits for', () => {
    const screen = capture();
    const waits = {
      stages: ['build', 'test', 'deploy'],
      jobs: [{ id: 'build', stage: 'build' }, { id: 'lint', stage: 'build' }, { id: 'unit', stage: 'test' }, { id: 'ship', stage: 'deploy' }],
      edges: [{ from: 'build', to: 'unit', kind: 'needs' as const }, { from: 'test', to: 'ship', kind: 'stage' as const }],
    };
    const reporter = createTerminalReporter({ screen, verbosity: 'default', stream: false, mask: (t) => t, now: () => T + 2000, waits });
    for (const event of EVENTS.slice(0, 5)) reporter.emit(event);
    reporter.emit({ type: 'job_started', ts: T + 10, jobId: 'lint', stage: 'build', provider: 'host', steps: ['lint'] });
    reporter.emit({ type: 'job_finished', ts: T + 900, jobId: 'lint', status: 'success', exitCode: 0 });
    expect(screen.live()).toEqual([
      'loom run 2.0s · 1 done · 1 running · 2 waiting · 0 failed',
      '  running build  step 1/2 make · 2.0s',
      '  waiting unit   for build',
      '  waiting ship   for build, unit',
    ]);
  });

  it('--stream: "$ command" before each step, service logs only when the job fails, labelled with the alias (its tail when there is one)', () => {
    const screen = capture();
    const reporter = createTerminalReporter({ screen, verbosity: 'default', stream: true, mask: (t) => t, now: () => T });
    const service = (jobId: string, line: string): LoomEvent => ({ type: 'output', ts: T, jobId, section: 'services', stream: 'stdout', bytes: Buffer.from(line) });
    const alias = (jobId: string): LoomEvent => ({ type: 'note', ts: T, jobId, section: 'services', message: 'service db running', data: { alias: 'db' } });
    for (const jobId of ['ok', 'bad']) {
      reporter.emit({ type: 'job_started', ts: T, jobId, stage: 'test', provider: 'docker', steps: ['psql -c 1'] });
      reporter.emit(service(jobId, 'PostgreSQL init process complete'));
      reporter.emit(alias(jobId));
      reporter.emit({ type: 'step_started', ts: T, jobId, index: 1, command: 'psql -c 1' });
      reporter.emit({ type: 'output', ts: T, jobId, index: 1, stream: 'stdout', bytes: Buffer.from('1 row') });
    }
    for (const jobId of ['ok', 'bad']) {
      reporter.emit({ type: 'note', ts: T, jobId, section: 'cleanup', message: 'last 1 log lines of service db:' });
      reporter.emit({ type: 'output', ts: T, jobId, section: 'cleanup', stream: 'stdout', bytes: Buffer.from('LOG: database system is shut down') });
    }
    reporter.emit({ type: 'job_finished', ts: T, jobId: 'ok', status: 'success', exitCode: 0 });
    reporter.emit({ type: 'job_finished', ts: T, jobId: 'bad', status: 'failed', exitCode: 1 });
    expect(screen.lines.filter((l) => l.startsWith('['))).toEqual([
      '[ok] $ psql -c 1',
      '[ok] 1 row',
      '[bad] $ psql -c 1',
      '[bad] 1 row',
      '[bad] service logs (the job failed):',
      '[bad] [db] LOG: database system is shut down',
    ]);
  });
});

describe('format', () => {
  it('durations and the status line', () => {
    expect([formatDuration(850), formatDuration(1234), formatDuration(125_000)]).toEqual(['850ms', '1.2s', '2m05s']);
    expect(statusLine({ status: 'failure', exitCode: 130, durationMs: 2000, error: 'cancelled by SIGINT' })).toBe('loom run failure: cancelled by SIGINT in 2.0s (exit code 130)');
    expect(statusLine({ status: 'success', exitCode: 0, durationMs: 300, counts: { success: 6, failed: 0, skipped: 0 } })).toBe('loom run success: 6 succeeded in 300ms');
  });
});

describe('run flags', () => {
  const runtime = (env: Record<string, string> = {}) => loadRuntimeConfig({ env: { HOME: '/nonexistent', ...env } });

  it('requires --local and takes --cache-diff', async () => {
    const defaults = await runtime();
    expect(() => parseRunFlags({}, defaults)).toThrow(/needs --local/);
    expect(parseRunFlags({ local: true, cacheDiff: true }, defaults).cacheDiff).toBe(true);
  });

  it('workspace mount: flag > LOOM_DOCKER_WORKSPACE_MOUNT > ephemeral_volume, values checked', async () => {
    const bind = await runtime({ LOOM_DOCKER_WORKSPACE_MOUNT: 'bind_mount' });
    expect(parseRunFlags({ local: true }, await runtime()).dockerWorkspaceMode).toBe('ephemeral_volume');
    expect(parseRunFlags({ local: true }, bind).dockerWorkspaceMode).toBe('bind_mount');
    expect(parseRunFlags({ local: true, dockerWorkspaceMount: 'ephemeral_volume' }, bind).dockerWorkspaceMode).toBe('ephemeral_volume');
    expect(() => parseRunFlags({ local: true, dockerWorkspaceMount: 'tmpfs' }, bind)).toThrow(/expects bind_mount or ephemeral_volume/);
  });

  it('concurrency must be a positive whole number; quiet and verbose exclude each other', async () => {
    const defaults = await runtime();
    expect(parseRunFlags({ local: true, concurrency: '3' }, defaults).concurrency).toBe(3);
    expect(() => parseRunFlags({ local: true, concurrency: '0' }, defaults)).toThrow(/--concurrency/);
    expect(() => parseRunFlags({ local: true, quiet: true, verbose: true }, defaults)).toThrow(/cannot be used together/);
  });

  it('LOOM_DEBUG_TRACE truthiness and the live view rule', () => {
    expect([debugTraceOf({ LOOM_DEBUG_TRACE: '1' }), debugTraceOf({ LOOM_DEBUG_TRACE: 'false' }), debugTraceOf({})]).toEqual([true, false, false]);
    expect(wantsLiveView({ isTTY: true }, {}, 'default')).toBe(true);
    expect(wantsLiveView({ isTTY: true }, { CI: 'true' }, 'default')).toBe(false);
    expect(wantsLiveView({ isTTY: false }, {}, 'default')).toBe(false);
    expect(wantsLiveView({ isTTY: true }, {}, 'quiet')).toBe(false);
    expect(wantsLiveView({ isTTY: true, rows: 0 }, {}, 'default')).toBe(false);
  });
});

describe('colour', () => {
  it('on a TTY, off when piped; NO_COLOR turns it off, FORCE_COLOR on (and wins)', () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(true);
    expect(colourEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  it('paints finish lines by status', () => {
    const screen = capture();
    const reporter = createTerminalReporter({ screen, verbosity: 'default', stream: false, mask: (t) => t, now: () => T, paint: ansiPaint });
    for (const event of EVENTS) reporter.emit(event);
    expect(screen.lines).toContain('finished build: \u001b[31mfailed\u001b[39m (exit 2) in 1.5s');
  });
});
