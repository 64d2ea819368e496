/** `computePhaseReport` on hand-made boundary sequences. */
import { describe, expect, it } from 'vitest';
import type { PhaseCode } from '../src/events.js';
import { type Boundary, computePhaseReport, phaseReportSchema } from '../src/index.js';

type Spec = [edge: 'start' | 'finish', code: PhaseCode, where?: { job?: string; section?: Boundary['section']; step?: number }];

function boundaries(specs: Spec[]): Boundary[] {
  return specs.map(([edge, phase_code, where = {}], i) => ({
    seq: i + 1,
    edge,
    scope: phase_code.startsWith('run.') ? 'run' : phase_code === 'pipeline.execute' ? 'pipeline' : phase_code === 'step.execute' ? 'step' : 'job',
    phase_code,
    job_id: where.job ?? null,
    section: where.section ?? null,
    step: where.step ?? null,
  }));
}

const job = (id: string, steps = 1): Spec[] => [
  ['start', 'job.provider_prepare', { job: id, section: 'provider' }],
  ['finish', 'job.provider_prepare', { job: id, section: 'provider' }],
  ['start', 'job.execution', { job: id }],
  ...Array.from({ length: steps }, (_, i): Spec[] => [
    ['start', 'step.execute', { job: id, step: i + 1 }],
    ['finish', 'step.execute', { job: id, step: i + 1 }],
  ]).flat(),
  ['finish', 'job.execution', { job: id }],
  ['start', 'job.cleanup', { job: id, section: 'cleanup' }],
  ['finish', 'job.cleanup', { job: id, section: 'cleanup' }],
];

const run = (inner: Spec[]): Spec[] => [
  ['start', 'run.bootstrap'],
  ['finish', 'run.bootstrap'],
  ['start', 'run.pipeline_execute'],
  ['start', 'pipeline.execute'],
  ...inner,
  ['finish', 'pipeline.execute'],
  ['finish', 'run.pipeline_execute'],
  ['start', 'run.finalize'],
  ['finish', 'run.finalize'],
];

function report(specs: Spec[], startedJobs: string[] = [], skippedJobs: string[] = []) {
  const r = computePhaseReport({ runId: 'loom-run-local-1', checkedAt: '2026-03-07T06:40:00.000Z', boundaries: boundaries(specs), startedJobs, skippedJobs });
  phaseReportSchema.parse(r);
  return r;
}

const problems = (r: ReturnType<typeof report>) => [
  ...r.missing.map((m) => `${m.problem} ${m.phase_code}${m.job_id ? ` ${m.job_id}` : ''}${m.step ? ` #${m.step}` : ''}`),
  ...r.ordering_violations.map((v) => `${v.problem} ${v.phase_code}${v.job_id ? ` ${v.job_id}` : ''}${v.step ? ` #${v.step}` : ''}`),
];

describe('computePhaseReport', () => {
  it('accepts a complete, well-ordered run with a skipped job', () => {
    const r = report(run([...job('a', 2), ...job('b')]), ['a', 'b'], ['c']);
    expect(r.valid).toBe(true);
    expect(r.skipped_jobs).toEqual(['c']);
    expect(r.phases_seen).toHaveLength(4 + 2 * 3 + 3);
  });

  it('accepts optional phases in their place, services nested in provider, artifacts and cache save in either order', () => {
    const specs = run([
      ['start', 'job.provider_prepare', { job: 'a', section: 'provider' }],
      ['start', 'job.provider_prepare', { job: 'a', section: 'services' }],
      ['finish', 'job.provider_prepare', { job: 'a', section: 'services' }],
      ['finish', 'job.provider_prepare', { job: 'a', section: 'provider' }],
      ['start', 'job.cache_restore', { job: 'a', section: 'cache_restore' }],
      ['finish', 'job.cache_restore', { job: 'a', section: 'cache_restore' }],
      ['start', 'job.execution', { job: 'a' }],
      ['finish', 'job.execution', { job: 'a' }],
      ['start', 'job.cache_save', { job: 'a', section: 'cache_save' }],
      ['finish', 'job.cache_save', { job: 'a', section: 'cache_save' }],
      ['start', 'job.artifact_restore', { job: 'a', section: 'artifact_extract' }],
      ['finish', 'job.artifact_restore', { job: 'a', section: 'artifact_extract' }],
      ['start', 'job.cleanup', { job: 'a', section: 'cleanup' }],
      ['finish', 'job.cleanup', { job: 'a', section: 'cleanup' }],
    ]);
    expect(problems(report(specs, ['a']))).toEqual([]);
  });

  it('reports a start without a finish', () => {
    const specs = run(job('a')).filter(([edge, code]) => !(edge === 'finish' && code === 'pipeline.execute'));
    expect(problems(report(specs, ['a']))).toEqual(['not_finished pipeline.execute']);
  });

  it('reports a missing always-present phase, for run and job, but not for skipped jobs', () => {
    const specs = run(job('a').filter(([, code]) => code !== 'job.cleanup')).filter(([, code]) => code !== 'run.bootstrap');
    expect(problems(report(specs, ['a', 'b'], ['b']))).toEqual([
      'never_started run.bootstrap',
      'never_started job.cleanup a',
    ]);
  });

  it('reports a finish before its start, and a phase started twice', () => {
    const specs = run([['finish', 'job.execution', { job: 'a' }], ...job('a')]);
    expect(problems(report(specs, ['a']))).toEqual(expect.arrayContaining(['finish_without_start job.execution a']));
    const twice = run([...job('a'), ['start', 'job.cleanup', { job: 'a', section: 'cleanup' }]]);
    expect(problems(report(twice, ['a']))).toEqual(expect.arrayContaining(['started_twice job.cleanup a']));
  });

  it('reports job phases out of order', () => {
    const specs = run([
      ['start', 'job.provider_prepare', { job: 'a', section: 'provider' }],
      ['start', 'job.execution', { job: 'a' }],
      ['finish', 'job.provider_prepare', { job: 'a', section: 'provider' }],
      ['finish', 'job.execution', { job: 'a' }],
      ['start', 'job.cleanup', { job: 'a', section: 'cleanup' }],
      ['finish', 'job.cleanup', { job: 'a', section: 'cleanup' }],
    ]);
    const r = report(specs, ['a']);
    expect(problems(r)).toEqual(['out_of_order job.execution a']);
    expect(r.ordering_violations[0]?.message).toBe('job.execution job a started before job.provider_prepare job a section provider finished');
  });

  it('reports steps outside job.execution and overlapping steps, and jobs outside pipeline.execute', () => {
    const specs: Spec[] = [
      ['start', 'run.bootstrap'],
      ['finish', 'run.bootstrap'],
      ['start', 'run.pipeline_execute'],
      ['start', 'pipeline.execute'],
      ['start', 'job.provider_prepare', { job: 'a', section: 'provider' }],
      ['finish', 'job.provider_prepare', { job: 'a', section: 'provider' }],
      ['start', 'step.execute', { job: 'a', step: 1 }],
      ['start', 'job.execution', { job: 'a' }],
      ['start', 'step.execute', { job: 'a', step: 2 }],
      ['finish', 'step.execute', { job: 'a', step: 1 }],
      ['finish', 'step.execute', { job: 'a', step: 2 }],
      ['finish', 'job.execution', { job: 'a' }],
      ['finish', 'pipeline.execute'],
      ['start', 'job.cleanup', { job: 'a', section: 'cleanup' }],
      ['finish', 'job.cleanup', { job: 'a', section: 'cleanup' }],
      ['finish', 'run.pipeline_execute'],
      ['start', 'run.finalize'],
      ['finish', 'run.finalize'],
    ];
    expect(problems(report(specs, ['a']))).toEqual([
      'outside_parent job.cleanup a',
      'outside_parent step.execute a #1',
      'out_of_order step.execute a #2',
    ]);
  });

  it('reports run phases out of their chain', () => {
    const specs: Spec[] = [
      ['start', 'run.bootstrap'],
      ['start', 'run.pipeline_execute'],
      ['finish', 'run.bootstrap'],
      ['start', 'pipeline.execute'],
      ['finish', 'pipeline.execute'],
      ['finish', 'run.pipeline_execute'],
      ['start', 'run.finalize'],
      ['finish', 'run.finalize'],
    ];
    expect(problems(report(specs))).toEqual(['out_of_order run.pipeline_execute']);
  });
});
