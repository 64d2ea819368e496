/** The reader helpers behind `loom logs`, `loom runs` and the report, on trees written by the writer. */
import { dirname } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import type { LoomEvent } from '../src/events.js';
import { listRuns, readOutputLines, readRunView } from '../src/reader/index.js';
import { T0, fixtureEvents } from './fixtures/run-fixture.js';
import { writeFixture } from './fixtures/write-fixture.js';

const tempDir = useTempDirs('loom-rl-view-');

async function collect(path: string) {
  const lines = [];
  for await (const batch of readOutputLines(path)) lines.push(...batch);
  return lines;
}

describe('readRunView / readOutputLines / listRuns', () => {
  it('reads every job of a run in roster order, and a step output as stored', async () => {
    const { logsDir } = await writeFixture(tempDir());
    const view = await readRunView(logsDir);
    expect(view.summary.status).toBe('failure');
    expect(view.jobs.map((j) => [j.id, j.summary.status])).toEqual(view.pipeline?.jobs.map((j) => [j.job_id, j.status]));
    const test = view.jobs.find((j) => j.id === 'test')!;
    const failing = test.manifest!.steps.find((s) => s.status === 'failed')!;
    const lines = await collect(`${logsDir}/${failing.events_path}`);
    expect(lines.map((l) => l.line)).toEqual(['FAIL src/a.test.ts', 'AssertionError: expected 1 to be 2']);
  });

  it('keeps stderr, partial pieces, invalid UTF-8 (line_b64) and escapes apart', async () => {
    const ts = T0;
    const events: LoomEvent[] = [
      ...fixtureEvents().slice(0, 3),
      { type: 'job_started', ts, jobId: 'build', stage: 'build', provider: 'host', steps: ['make'] },
      { type: 'step_started', ts, jobId: 'build', index: 1, command: 'make' },
      { type: 'output', ts, jobId: 'build', index: 1, stream: 'stderr', bytes: Buffer.from('a "quoted" \\ line') },
      { type: 'output', ts, jobId: 'build', index: 1, stream: 'stdout', bytes: Buffer.from('first half '), partial: true },
      { type: 'output', ts, jobId: 'build', index: 1, stream: 'stdout', bytes: Buffer.from('second half') },
      { type: 'output', ts, jobId: 'build', index: 1, stream: 'stdout', bytes: Buffer.from([0x66, 0xff, 0x6f]) },
      { type: 'step_finished', ts, jobId: 'build', index: 1, status: 'success', exitCode: 0 },
      { type: 'job_finished', ts, jobId: 'build', status: 'success', exitCode: 0 },
      { type: 'pipeline_finished', ts, status: 'success', exitCode: 0 },
      { type: 'run_finished', ts, status: 'success', exitCode: 0 },
    ];
    const { logsDir } = await writeFixture(tempDir(), { events });
    const lines = await collect(`${logsDir}/jobs/build/user/execution/script/01/events.jsonl`);
    expect(lines).toEqual([
      { stream: 'stderr', line: 'a "quoted" \\ line', partial: false },
      { stream: 'stdout', line: 'first half ', partial: true },
      { stream: 'stdout', line: 'second half', partial: false },
      { stream: 'stdout', line: 'f\uFFFDo', partial: false },
    ]);
  });

  it('lists runs newest first with status, duration and the failing job', async () => {
    const { logsDir } = await writeFixture(tempDir());
    const runtimeDir = dirname(dirname(logsDir));
    const [run] = await listRuns(runtimeDir);
    expect(run).toMatchObject({ status: 'failure', failingJobId: 'test', logsDir });
    expect(typeof run?.durationMs).toBe('number');
  });
});
