import { describe, expect, it } from 'vitest';
import type { LoomEvent } from '@loom/runtime-logs';
import { runPipeline } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, recordingSink } from './fakes.js';

const started = (events: LoomEvent[]) => events.flatMap((e) => (e.type === 'job_started' ? [e.jobId] : []));
const skipped = (events: LoomEvent[]) =>
  Object.fromEntries(events.flatMap((e) => (e.type === 'job_skipped' ? [[e.jobId, e.reason]] : [])));
const finishedAt = (events: LoomEvent[], jobId: string) =>
  events.find((e) => e.type === 'job_finished' && e.jobId === jobId)?.ts ?? Number.NaN;

describe('scheduling', () => {
  it('runs stages in order: a job without needs waits for every earlier-stage job', async () => {
    const sink = recordingSink();
    const plan = planOf(['build', 'test'], {
      a: { stage: 'build', script: ['sleep 30'] },
      b: { stage: 'build', script: ['sleep 10'] },
      t: { stage: 'test' },
    });
    await runPipeline(plan, baseOptions(sink, { host: fakeProvider().provider }));
    const tStart = sink.events.find((e) => e.type === 'job_started' && e.jobId === 't')?.ts ?? 0;
    expect(tStart).toBeGreaterThanOrEqual(finishedAt(sink.events, 'a'));
    expect(started(sink.events)).toEqual(['a', 'b', 't']);
  });

  it('starts a job with needs as soon as its needs succeed, before its earlier stage ends', async () => {
    const sink = recordingSink();
    const plan = planOf(['build', 'test'], {
      fast: { stage: 'build', script: ['sleep 20'] },
      slow: { stage: 'build', script: ['sleep 300'] },
      after: { stage: 'test', needs: ['fast'], script: ['sleep 20'] },
    });
    await runPipeline(plan, baseOptions(sink, { host: fakeProvider().provider }));
    expect(finishedAt(sink.events, 'after')).toBeLessThan(finishedAt(sink.events, 'slow'));
  });

  it('propagates failure the GitLab way: dependents and later no-needs jobs are skipped, others still run', async () => {
    const sink = recordingSink();
    const plan = planOf(['build', 'test', 'deploy'], {
      bad: { stage: 'build', script: ['exit 2'] },
      good: { stage: 'build' },
      needsBad: { stage: 'test', needs: ['bad'] },
      needsGood: { stage: 'test', needs: ['good'] },
      chained: { stage: 'deploy', needs: ['needsBad'] },
      plain: { stage: 'deploy' },
    });
    const result = await runPipeline(plan, baseOptions(sink, { host: fakeProvider().provider }));
    expect(result).toMatchObject({ status: 'failure', exitCode: 1 });
    expect(started(sink.events).sort()).toEqual(['bad', 'good', 'needsGood']);
    expect(skipped(sink.events)).toEqual({
      needsBad: 'needs bad, which failed',
      chained: 'needs needsBad, which was skipped (bad failed)',
      plain: 'bad failed in an earlier stage',
    });
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    const sink = recordingSink();
    const fake = fakeProvider();
    const jobs = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`j${i}`, { stage: 'build', script: ['sleep 15'] }]));
    await runPipeline(planOf(['build'], jobs), baseOptions(sink, { host: fake.provider }, { concurrency: 3 }));
    expect(fake.maxActive()).toBe(3);
    expect(started(sink.events)).toHaveLength(8);
  });

  it('prepares the next jobs while others run their steps: only the jobs past prepare count against `concurrency`', async () => {
    const sink = recordingSink();
    const fake = fakeProvider();
    const prepare = fake.provider.prepare.bind(fake.provider);
    const prepared: Array<{ jobId: string; at: number }> = [];
    fake.provider.prepare = async (request, report) => {
      await new Promise((r) => setTimeout(r, 30)); // a container booting
      prepared.push({ jobId: request.jobId, at: Date.now() });
      return prepare(request, report);
    };
    const jobs = { a: { stage: 'build', script: ['sleep 60'] }, b: { stage: 'build', script: ['sleep 60'] } };
    await runPipeline(planOf(['build'], jobs), baseOptions(sink, { host: fake.provider }, { concurrency: 1 }));
    expect(fake.maxActive()).toBe(1);
    const firstStep = fake.calls.find((c) => c.op === 'runStep')?.at ?? 0;
    // b was prepared while a ran its step, not after a ended.
    expect(prepared.map((p) => p.jobId).sort()).toEqual(['a', 'b']);
    expect(Math.max(...prepared.map((p) => p.at))).toBeLessThan(firstStep + 40);
  });

  it('runs a 200-job pipeline to the end with every job recorded once', async () => {
    const sink = recordingSink();
    const jobs: Record<string, { stage: string; needs?: string[] }> = {};
    for (let i = 0; i < 100; i++) jobs[`build-${i}`] = { stage: 'build' };
    for (let i = 0; i < 100; i++) jobs[`test-${i}`] = { stage: 'test', ...(i % 2 === 0 ? { needs: [`build-${i}`] } : {}) };
    const result = await runPipeline(planOf(['build', 'test'], jobs), baseOptions(sink, { host: fakeProvider().provider }));
    expect(result.status).toBe('success');
    const finished = sink.events.filter((e) => e.type === 'job_finished');
    expect(new Set(finished.map((e) => (e.type === 'job_finished' ? e.jobId : ''))).size).toBe(200);
  });
});

describe('cancellation', () => {
  it('kills running steps, skips what has not started, cleans up started jobs and fails the run', async () => {
    const sink = recordingSink();
    const fake = fakeProvider();
    const controller = new AbortController();
    const plan = planOf(['build', 'test'], {
      long: { stage: 'build', script: ['sleep 5000', 'echo never'] },
      queued: { stage: 'build', script: ['ok'] },
      later: { stage: 'test' },
    });
    setTimeout(() => controller.abort({ message: 'cancelled by SIGINT', exitCode: 130 }), 50);
    const result = await runPipeline(plan, baseOptions(sink, { host: fake.provider }, { signal: controller.signal, concurrency: 1 }));
    expect(result).toMatchObject({ status: 'failure', exitCode: 130, error: 'cancelled by SIGINT' });
    expect(fake.calls.filter((c) => c.op === 'runStep').map((c) => c.command)).toEqual(['sleep 5000']);
    // queued was prepared while long ran (it waited for a step slot): it is cleaned up, its steps never start.
    expect(fake.calls.filter((c) => c.op === 'cleanup').map((c) => c.jobId).sort()).toEqual(['long', 'queued']);
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', jobId: 'queued', code: 'RUN_CANCELLED', message: 'step 1 did not start: cancelled by SIGINT' }));
    expect(skipped(sink.events)).toEqual({ later: 'not run: the run was cancelled (cancelled by SIGINT)' });
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'step_finished', index: 1, exitCode: 143, signal: 'SIGTERM' }));
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'RUN_CANCELLED', index: 1 }));
    expect(sink.events.at(-2)).toMatchObject({ type: 'pipeline_finished', status: 'failure', exitCode: 130 });
    expect(sink.events.at(-1)).toMatchObject({ type: 'run_finished', status: 'failure', exitCode: 130, error: 'cancelled by SIGINT' });
  });

  it('a run cancelled before its pipeline starts skips every job and still closes the pipeline', async () => {
    const sink = recordingSink();
    const fake = fakeProvider();
    const controller = new AbortController();
    controller.abort({ message: 'cancelled by SIGTERM', exitCode: 143 });
    const plan = planOf(['a', 'b'], { one: { stage: 'a' }, two: { stage: 'b', needs: ['one'] }, three: { stage: 'b' } });
    const result = await runPipeline(plan, baseOptions(sink, { host: fake.provider }, { signal: controller.signal }));
    expect(result).toMatchObject({ status: 'failure', exitCode: 143, error: 'cancelled by SIGTERM' });
    expect(fake.calls).toEqual([]);
    expect(Object.keys(skipped(sink.events)).sort()).toEqual(['one', 'three', 'two']);
    expect(sink.events.map((e) => e.type).filter((t) => t.startsWith('pipeline'))).toEqual(['pipeline_started', 'pipeline_finished']);
  });

  it('a job prepared while the run was cancelled runs no step', async () => {
    const sink = recordingSink();
    const controller = new AbortController();
    const fake = fakeProvider({ onPrepare: () => controller.abort('stop') });
    const result = await runPipeline(planOf(['b'], { b: { stage: 'b', script: ['ok'] } }), baseOptions(sink, { host: fake.provider }, { signal: controller.signal }));
    expect(result).toMatchObject({ status: 'failure', exitCode: 1, error: 'stop' });
    expect(fake.calls.map((c) => c.op)).toEqual(['prepare', 'cleanup']);
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'RUN_CANCELLED', message: 'step 1 did not start: stop' }));
  });
});
