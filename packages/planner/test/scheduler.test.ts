import { describe, expect, it } from 'vitest';
import { createScheduler, planWorkflow, type Plan, type Scheduler } from '../src/index.js';
import { makeWorkflow, type JobSpec } from './fixture.js';

function schedulerFor(stages: string[], jobs: Record<string, JobSpec>): { plan: Plan; scheduler: Scheduler } {
  const result = planWorkflow(makeWorkflow(stages, jobs));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return { plan: result.plan, scheduler: createScheduler(result.plan) };
}

function step(scheduler: Scheduler) {
  const { ready, skipped } = scheduler.next();
  return { ready: ready.map((j) => j.id), skipped: skipped.map((s) => [s.job.id, s.reason]) };
}

describe('createScheduler: stage order', () => {
  it('runs a stage after every job of earlier stages succeeded', () => {
    const { scheduler } = schedulerFor(['build', 'test'], { a: { stage: 'build' }, b: { stage: 'build' }, t: { stage: 'test' } });
    expect(step(scheduler)).toEqual({ ready: ['a', 'b'], skipped: [] });
    scheduler.markSucceeded('a');
    expect(step(scheduler)).toEqual({ ready: [], skipped: [] });
    scheduler.markSucceeded('b');
    expect(step(scheduler)).toEqual({ ready: ['t'], skipped: [] });
    expect(scheduler.done()).toBe(false);
    scheduler.markSucceeded('t');
    expect(scheduler.done()).toBe(true);
    expect(step(scheduler)).toEqual({ ready: [], skipped: [] });
  });

  it('skips later stages when a job fails, naming it, and still finishes the failed stage', () => {
    const { scheduler } = schedulerFor(['build', 'test', 'deploy'], {
      a: { stage: 'build' },
      b: { stage: 'build' },
      t: { stage: 'test' },
      d: { stage: 'deploy' },
    });
    step(scheduler);
    scheduler.markFailed('a');
    expect(step(scheduler)).toEqual({
      ready: [],
      skipped: [
        ['t', 'a failed in an earlier stage'],
        ['d', 'a failed in an earlier stage'],
      ],
    });
    expect(scheduler.done()).toBe(false);
    scheduler.markSucceeded('b');
    expect(step(scheduler)).toEqual({ ready: [], skipped: [] });
    expect(scheduler.done()).toBe(true);
  });

  it('does not wait on empty stages', () => {
    const { scheduler } = schedulerFor(['a', 'empty', 'b'], { one: { stage: 'a' }, two: { stage: 'b' } });
    expect(step(scheduler).ready).toEqual(['one']);
    scheduler.markSucceeded('one');
    expect(step(scheduler).ready).toEqual(['two']);
  });
});

describe('createScheduler: needs', () => {
  const stages = ['build', 'test', 'deploy'];

  it('starts a job as soon as its needs succeeded, ahead of its stage', () => {
    const { scheduler } = schedulerFor(stages, {
      slow: { stage: 'build' },
      fast: { stage: 'build' },
      unit: { stage: 'test', needs: ['fast'] },
      lint: { stage: 'test' },
      now: { stage: 'deploy', needs: [] },
    });
    expect(step(scheduler).ready).toEqual(['slow', 'fast', 'now']);
    scheduler.markSucceeded('fast');
    expect(step(scheduler).ready).toEqual(['unit']);
    scheduler.markSucceeded('slow');
    expect(step(scheduler).ready).toEqual(['lint']);
  });

  it('handles needs within a stage that point forward in the document', () => {
    const { scheduler } = schedulerFor(['ci'], { b: { stage: 'ci', needs: ['a'] }, a: { stage: 'ci' } });
    expect(step(scheduler).ready).toEqual(['a']);
    scheduler.markSucceeded('a');
    expect(step(scheduler).ready).toEqual(['b']);
  });

  it('skips direct and transitive dependents, naming the failed job; jobs whose needs succeeded still run (GitLab rule)', () => {
    const { scheduler } = schedulerFor(stages, {
      compile: { stage: 'build' },
      assets: { stage: 'build' },
      unit: { stage: 'test', needs: ['compile'] },
      e2e: { stage: 'test', needs: ['unit'] },
      pack: { stage: 'test', needs: ['assets'] },
      lint: { stage: 'test' },
      ship: { stage: 'deploy', needs: ['pack'] },
      notify: { stage: 'deploy' },
    });
    expect(step(scheduler).ready).toEqual(['compile', 'assets']);
    scheduler.markFailed('compile');
    expect(step(scheduler)).toEqual({
      ready: [],
      skipped: [
        ['unit', 'needs compile, which failed'],
        ['e2e', 'needs unit, which was skipped (compile failed)'],
        ['lint', 'compile failed in an earlier stage'],
        ['notify', 'compile failed in an earlier stage'],
      ],
    });
    scheduler.markSucceeded('assets');
    expect(step(scheduler).ready).toEqual(['pack']);
    scheduler.markSucceeded('pack');
    expect(step(scheduler).ready).toEqual(['ship']);
    scheduler.markSucceeded('ship');
    expect(scheduler.done()).toBe(true);
  });

  it('counts a duplicated need once', () => {
    const { scheduler } = schedulerFor(['ci'], { a: { stage: 'ci' }, b: { stage: 'ci', needs: ['a', 'a'] } });
    step(scheduler);
    scheduler.markSucceeded('a');
    expect(step(scheduler).ready).toEqual(['b']);
  });
});

describe('createScheduler: misuse', () => {
  it('refuses marks for unknown, not handed out, or already finished jobs', () => {
    const { scheduler } = schedulerFor(['a', 'b'], { one: { stage: 'a' }, two: { stage: 'b' } });
    expect(() => scheduler.markSucceeded('nope')).toThrow(/unknown job "nope"/);
    expect(() => scheduler.markSucceeded('one')).toThrow(/not running/);
    step(scheduler);
    expect(() => scheduler.markFailed('two')).toThrow(/is waiting/);
    scheduler.markSucceeded('one');
    expect(() => scheduler.markFailed('one')).toThrow(/is succeeded/);
  });

  it('is done at once for an empty plan', () => {
    const { scheduler } = schedulerFor(['ci'], {});
    expect(scheduler.done()).toBe(true);
    expect(step(scheduler)).toEqual({ ready: [], skipped: [] });
  });
});
