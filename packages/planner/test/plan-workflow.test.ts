import { describe, expect, it } from 'vitest';
import { planWorkflow, providerOf, type Plan } from '../src/index.js';
import { makeWorkflow } from './fixture.js';

function plan(...args: Parameters<typeof makeWorkflow>): Plan {
  const result = planWorkflow(makeWorkflow(...args));
  if (!result.ok) throw new Error(`unexpected issues: ${JSON.stringify(result.issues)}`);
  return result.plan;
}

describe('planWorkflow: plan', () => {
  it('orders jobs by stage, then document order, and keeps the stage list', () => {
    const p = plan(['build', 'test', 'deploy'], {
      ship: { stage: 'deploy' },
      unit: { stage: 'test' },
      compile: { stage: 'build' },
      lint: { stage: 'test' },
    });
    expect(p.jobs.map((j) => [j.id, j.stage, j.stageIndex])).toEqual([
      ['compile', 'build', 0],
      ['unit', 'test', 1],
      ['lint', 'test', 1],
      ['ship', 'deploy', 2],
    ]);
    expect(p.stages).toEqual(['build', 'test', 'deploy']);
    expect(p.workflowFile).toBe('/repo/.loom/workflow.yml');
  });

  it('never plans template jobs (the schema lists them apart from jobs)', () => {
    const p = plan(['ci'], { check: { stage: 'ci' } }, ['.base']);
    expect(p.jobs.map((j) => j.id)).toEqual(['check']);
    expect(p.graphIr.jobs.map((j) => j.id)).toEqual(['check']);
  });

  it('routes each job to docker iff image has a non-empty name or a build (docker-provider.md §1)', () => {
    const p = plan(['ci'], {
      host: { stage: 'ci' },
      empty: { stage: 'ci', image: { name: '' } },
      blank: { stage: 'ci', image: { name: '  ' } },
      pulled: { stage: 'ci', image: { name: 'alpine:3.20' } },
      built: { stage: 'ci', image: { name: '', build: { context: '.', dockerfile: 'Dockerfile' } } },
    });
    expect(Object.fromEntries(p.jobs.map((j) => [j.id, j.provider]))).toEqual({
      host: 'host',
      empty: 'host',
      blank: 'host',
      pulled: 'docker',
      built: 'docker',
    });
    expect(providerOf({})).toBe('host');
  });

  it('accepts needs on the same and earlier stages, and needs: []', () => {
    const p = plan(['a', 'b'], {
      one: { stage: 'a' },
      two: { stage: 'a', needs: ['one'] },
      three: { stage: 'b', needs: ['one', 'two'] },
      four: { stage: 'b', needs: [] },
    });
    expect(p.jobs).toHaveLength(4);
  });
});

describe('planWorkflow: selection', () => {
  const stages = ['build', 'test', 'deploy'];
  const jobs = {
    compile: { stage: 'build' },
    assets: { stage: 'build' },
    unit: { stage: 'test', needs: ['compile'] },
    e2e: { stage: 'test', needs: ['unit', 'assets'] },
    lint: { stage: 'test' },
    ship: { stage: 'deploy' },
  };

  it('pulls in what the selected jobs need, transitively, in plan order', () => {
    const result = planWorkflow(makeWorkflow(stages, jobs), { jobs: ['e2e'] });
    expect(result.ok && result.plan.jobs.map((j) => j.id)).toEqual(['compile', 'assets', 'unit', 'e2e']);
    expect(result.ok && result.plan.graphIr.selection).toEqual(['e2e']);
  });

  it('plans a job without needs alone: its stage waits cover only planned jobs', () => {
    const result = planWorkflow(makeWorkflow(stages, jobs), { jobs: ['ship'] });
    expect(result.ok && result.plan.jobs.map((j) => j.id)).toEqual(['ship']);
    expect(result.ok && result.plan.graphIr.edges).toEqual([]);
  });

  it('rejects unknown and template names with PLAN_UNKNOWN_JOB', () => {
    const workflow = makeWorkflow(stages, jobs, ['.base']);
    expect(() => planWorkflow(workflow, { jobs: ['nope'] })).toThrow(expect.objectContaining({ code: 'PLAN_UNKNOWN_JOB', message: '"nope" is not a job of this workflow' }));
    expect(() => planWorkflow(workflow, { jobs: ['.base'] })).toThrow(/template job/);
  });

  it('noNeeds: plans only the named jobs, drops needs on jobs left out and says who needed them', () => {
    const result = planWorkflow(makeWorkflow(stages, jobs), { jobs: ['e2e', 'unit'], noNeeds: true });
    if (!result.ok) throw new Error('unexpected issues');
    expect(result.plan.jobs.map((j) => [j.id, j.job.needs])).toEqual([['unit', []], ['e2e', ['unit']]]);
    expect(result.plan.leftOut).toEqual([{ job: 'compile', neededBy: ['unit'] }, { job: 'assets', neededBy: ['e2e'] }]);
    expect(result.plan.graphIr.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['unit->e2e']);
  });

  it('a typo gets a "did you mean" hint naming the nearest job', () => {
    const workflow = makeWorkflow(stages, jobs);
    expect(() => planWorkflow(workflow, { jobs: ['lintt'] })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/^did you mean "lint"\? select one of: compile, assets/) }));
    expect(() => planWorkflow(workflow, { jobs: ['zzzzzz'] })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/^select one of/) }));
  });

  it('variables override every layer in every planned job and show in the Graph IR', () => {
    const workflow = makeWorkflow(['ci'], { a: { stage: 'ci' } });
    workflow.jobs['a']!.variables = { ROOT: '1', MODE: 'job' };
    const result = planWorkflow(workflow, { variables: { MODE: 'cli', EXTRA: 'x' } });
    if (!result.ok) throw new Error('unexpected issues');
    expect(result.plan.jobs[0]?.job.variables).toMatchObject({ MODE: 'cli', EXTRA: 'x' });
    expect(result.plan.graphIr.variable_overrides).toEqual({ MODE: 'cli', EXTRA: 'x' });
    expect(result.plan.graphIr.jobs[0]?.variables).toMatchObject({ MODE: 'cli' });
  });

  it('refuses a variable override of a secret, and a malformed name', () => {
    const workflow = makeWorkflow(['ci'], { a: { stage: 'ci' } });
    workflow.jobs['a']!.secrets = { TOKEN: { ref: 'keepass://x', file: false, required: true } } as never;
    expect(() => planWorkflow(workflow, { variables: { TOKEN: 'x' } })).toThrow(expect.objectContaining({ code: 'PLAN_VARIABLE_IS_SECRET' }));
    expect(() => planWorkflow(workflow, { variables: { 'bad-name': 'x' } })).toThrow(expect.objectContaining({ code: 'PLAN_BAD_VARIABLE' }));
  });

  it('validates the whole workflow even when a selection is given', () => {
    const result = planWorkflow(makeWorkflow(['ci'], { a: { stage: 'ci' }, b: { stage: 'ci', needs: ['zz'] } }), { jobs: ['a'] });
    expect(result.ok).toBe(false);
  });
});
