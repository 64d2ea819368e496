import { describe, expect, it } from 'vitest';
import { createScheduler, planWorkflow, type Plan } from '../src/index.js';
import { makeWorkflow, type JobSpec } from './fixture.js';

// A seeded generator instead of fast-check keeps the planner free of test dependencies; a failure names its
// case number, and the case is rebuilt from the seed.
type Outcome = 'succeeded' | 'failed' | 'skipped';
const CASES = 500;

/** mulberry32: small, fast, deterministic. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** A random valid workflow: each job needs only jobs before it (no cycles) of the same or earlier stages. */
function randomCase(pick: (n: number) => number) {
  const jobs: Record<string, JobSpec> = {};
  const stages: number[] = [];
  const failing = new Set<string>();
  const count = pick(15);
  for (let i = 0; i < count; i++) {
    const stage = pick(4);
    const earlier = stages.flatMap((s, j) => (s <= stage ? [`j${j}`] : []));
    const needs = pick(2) === 0 ? undefined : Array.from({ length: earlier.length ? pick(4) : 0 }, () => earlier[pick(earlier.length)]!);
    stages.push(stage);
    jobs[`j${i}`] = { stage: `s${stage}`, ...(needs ? { needs } : {}) };
    if (pick(3) === 0) failing.add(`j${i}`);
  }
  return { jobs, failing };
}

/** The rules, written the slow and obvious way: a job's waits are its needs, or every job of earlier stages. */
function reference(plan: Plan, failing: ReadonlySet<string>): Map<string, Outcome> {
  const outcome = new Map<string, Outcome>();
  const waitsOf = (id: string) => {
    const job = plan.jobs.find((j) => j.id === id)!;
    return job.job.needs ?? plan.jobs.filter((j) => j.stageIndex < job.stageIndex).map((j) => j.id);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const { id } of plan.jobs) {
      if (outcome.has(id)) continue;
      const waits = waitsOf(id).map((w) => outcome.get(w));
      if (waits.some((w) => w === 'failed' || w === 'skipped')) outcome.set(id, 'skipped');
      else if (waits.every((w) => w === 'succeeded')) outcome.set(id, failing.has(id) ? 'failed' : 'succeeded');
      else continue;
      changed = true;
    }
  }
  return outcome;
}

/** Drives the scheduler, finishing a random running job each round; checks each job is handed out once. */
function drive(plan: Plan, failing: ReadonlySet<string>, pick: (n: number) => number): Map<string, Outcome> {
  const scheduler = createScheduler(plan);
  const seen = new Map<string, Outcome>();
  const running: string[] = [];
  for (;;) {
    const { ready, skipped } = scheduler.next();
    for (const { job } of skipped) {
      expect(seen.has(job.id) || running.includes(job.id)).toBe(false);
      seen.set(job.id, 'skipped');
    }
    for (const job of ready) {
      expect(seen.has(job.id) || running.includes(job.id)).toBe(false);
      running.push(job.id);
    }
    if (running.length === 0) break;
    const [id] = running.splice(pick(running.length), 1) as [string];
    seen.set(id, failing.has(id) ? 'failed' : 'succeeded');
    if (failing.has(id)) scheduler.markFailed(id);
    else scheduler.markSucceeded(id);
  }
  expect(scheduler.done()).toBe(true);
  return seen;
}

describe('createScheduler (randomised against the reference rules)', () => {
  it(`agrees with the reference in any completion order, hands each job out once, and ends done (${CASES} cases)`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const pick = random(seed);
      const { jobs, failing } = randomCase(pick);
      const result = planWorkflow(makeWorkflow(['s0', 's1', 's2', 's3'], jobs));
      if (!result.ok) throw new Error(`case ${seed}: ${JSON.stringify(result.issues)}`);
      const got = Object.fromEntries(drive(result.plan, failing, pick));
      expect(got, `case ${seed}: ${JSON.stringify({ jobs, failing: [...failing] })}`).toEqual(Object.fromEntries(reference(result.plan, failing)));
    }
  });
});
