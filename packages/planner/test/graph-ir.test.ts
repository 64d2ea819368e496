import { describe, expect, it } from 'vitest';
import { planWorkflow, type GraphIr } from '../src/index.js';
import { makeWorkflow, type JobSpec } from './fixture.js';

function ir(stages: string[], jobs: Record<string, JobSpec>): GraphIr {
  const result = planWorkflow(makeWorkflow(stages, jobs));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan.graphIr;
}

const edgesOf = (graph: GraphIr) => graph.edges.map((e) => `${e.from}->${e.to}:${e.kind}`);

describe('Graph IR', () => {
  it('carries the resolved job, versioned, and survives a JSON round trip', () => {
    const graph = ir(['ci'], { check: { stage: 'ci', image: { name: 'alpine:3.20' } } });
    expect(graph).toEqual({
      schema_version: 'loom.graph-ir.v1',
      workflow_path: '/repo/.loom/workflow.yml',
      stages: ['ci'],
      selection: null,
      variable_overrides: {},
      variables: { ROOT: '1' },
      rules: [],
      includes: [],
      jobs: [
        {
          id: 'check',
          stage: 'ci',
          provider: 'docker',
          needs: null,
          after_stage: null,
          target: 'linux',
          image: { name: 'alpine:3.20' },
          script: ['echo check'],
          variables: { ROOT: '1' },
          secrets: {},
          services: [],
          cache: [],
          artifacts: null,
          artifacts_from: 'earlier_stages',
          extends: [],
          runner_pool: null,
          invariant: null,
          source: { file: '/repo/.loom/workflow.yml', line: 10, column: 1 },
        },
      ],
      edges: [],
    });
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('maps secrets to references, caches and services to snake_case', () => {
    const workflow = makeWorkflow(['ci'], { db: { stage: 'ci', image: { name: 'node:20' } } });
    const job = workflow.jobs['db']!;
    job.secrets = { TOKEN: { ref: 'env://TOKEN', file: false, required: true } };
    job.services = [{ name: 'postgres:16', alias: 'postgres', variables: { POSTGRES_PASSWORD: 'x' } }];
    job.cache = [{ name: 'pnpm', disabled: false, paths: ['.pnpm-store'], key: { files: ['pnpm-lock.yaml'] }, fallbackKeys: ['main'], policy: 'pull', when: 'on_success' }];
    job.runnerPool = 'big';
    job.artifacts = { paths: ['dist/'], exclude: ['**/*.map'], when: 'always' };
    const result = planWorkflow(workflow);
    const irJob = result.ok ? result.plan.graphIr.jobs[0] : undefined;
    expect(irJob).toMatchObject({
      secrets: { TOKEN: { ref: 'env://TOKEN', file: false, required: true } },
      services: [{ name: 'postgres:16', alias: 'postgres', entrypoint: null, command: null, variables: { POSTGRES_PASSWORD: 'x' } }],
      cache: [{ name: 'pnpm', disabled: false, paths: ['.pnpm-store'], key: { files: ['pnpm-lock.yaml'] }, fallback_keys: ['main'], policy: 'pull', when: 'on_success' }],
      runner_pool: 'big',
      artifacts: { paths: ['dist/'], exclude: ['**/*.map'], when: 'always' },
    });
  });

  it('gives needs edges as written and one stage edge from the previous busy stage', () => {
    const graph = ir(['build', 'test', 'deploy'], {
      compile: { stage: 'build' },
      assets: { stage: 'build' },
      unit: { stage: 'test' },
      e2e: { stage: 'test', needs: ['compile', 'compile'] },
      ship: { stage: 'deploy' },
      docs: { stage: 'deploy', needs: [] },
    });
    expect(edgesOf(graph)).toEqual(['build->unit:stage', 'compile->e2e:needs', 'test->ship:stage']);
    expect(graph.jobs.map((j) => [j.id, j.needs, j.after_stage])).toEqual([
      ['compile', null, null],
      ['assets', null, null],
      ['unit', null, 'build'],
      ['e2e', ['compile', 'compile'], null],
      ['ship', null, 'test'],
      ['docs', [], null],
    ]);
  });

  it('skips stages without planned jobs', () => {
    const graph = ir(['a', 'empty', 'b'], { one: { stage: 'a' }, two: { stage: 'b' } });
    expect(edgesOf(graph)).toEqual(['a->two:stage']);
    expect(graph.stages).toEqual(['a', 'empty', 'b']);
  });

  it('stays linear on a wide workflow: 1,000 jobs in 5 stages give 800 stage edges', () => {
    const jobs: Record<string, JobSpec> = {};
    for (let i = 0; i < 1000; i++) jobs[`job-${i}`] = { stage: `s${i % 5}` };
    const graph = ir(['s0', 's1', 's2', 's3', 's4'], jobs);
    expect(graph.edges).toHaveLength(800);
  });

  it('artifacts_from: the needs less {job, artifacts: false}, or every earlier stage', () => {
    const workflow = makeWorkflow(['build', 'test'], {
      compile: { stage: 'build' },
      assets: { stage: 'build' },
      unit: { stage: 'test', needs: ['compile', 'assets'], needsWithoutArtifacts: ['assets'] },
      lint: { stage: 'test' },
    });
    const result = planWorkflow(workflow);
    const from = result.ok ? Object.fromEntries(result.plan.graphIr.jobs.map((j) => [j.id, j.artifacts_from])) : {};
    expect(from).toEqual({ compile: 'earlier_stages', assets: 'earlier_stages', unit: ['compile'], lint: 'earlier_stages' });
  });
});
