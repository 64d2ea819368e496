import { describe, expect, it } from 'vitest';
import { planWorkflow } from '../src/index.js';
import { makeWorkflow } from './fixture.js';

function issues(...args: Parameters<typeof makeWorkflow>) {
  const result = planWorkflow(makeWorkflow(...args));
  if (result.ok) throw new Error('expected issues');
  return result.issues.map((i) => ({ pointer: i.pointer, message: i.message, line: i.line }));
}

describe('planWorkflow: needs issues', () => {
  it('reports an unknown need at the job, with the pointer of the entry', () => {
    const result = planWorkflow(makeWorkflow(['ci'], { build: { stage: 'ci' }, test: { stage: 'ci', needs: ['build', 'buld'] } }));
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          code: 'WF_SCHEMA_V1',
          pointer: '/test/needs/1',
          message: 'remove unknown job "buld" from needs of "test"; needs only allows jobs defined in the workflow',
          file: '/repo/.loom/workflow.yml',
          line: 20,
          column: 1,
        },
      ],
    });
  });

  it('reports a need on a later stage', () => {
    expect(issues(['build', 'deploy'], { ship: { stage: 'deploy' }, build: { stage: 'build', needs: ['ship'] } })).toEqual([
      {
        pointer: '/build/needs/0',
        message: 'remove "ship" from needs of "build" or move it to an earlier stage; "ship" is in stage "deploy", which runs after stage "build"',
        line: 20,
      },
    ]);
  });

  it('reports a need on a template job', () => {
    expect(issues(['ci'], { check: { stage: 'ci', needs: ['.base'] } }, ['.base'])).toEqual([
      {
        pointer: '/check/needs/0',
        message: 'remove template job ".base" from needs of "check"; template jobs never run, use extends to inherit from them',
        line: 10,
      },
    ]);
  });

  it('reports a self-need once, not also as a cycle', () => {
    expect(issues(['ci'], { loop: { stage: 'ci', needs: ['loop'] } })).toEqual([
      { pointer: '/loop/needs/0', message: 'remove "loop" from its own needs; a job cannot need itself', line: 10 },
    ]);
  });

  it('reports a cycle with its path, starting at its first job in the document', () => {
    expect(
      issues(['ci'], { c: { stage: 'ci', needs: ['a'] }, a: { stage: 'ci', needs: ['x', 'b'] }, b: { stage: 'ci', needs: ['c'] }, x: { stage: 'ci' } }),
    ).toEqual([{ pointer: '/c/needs/0', message: 'resolve needs cycle by removing one needs edge: c -> a -> b -> c', line: 10 }]);
  });

  it('reports a two-job cycle and independent cycles separately', () => {
    expect(
      issues(['ci'], {
        a: { stage: 'ci', needs: ['b'] },
        b: { stage: 'ci', needs: ['a'] },
        p: { stage: 'ci', needs: ['q'] },
        q: { stage: 'ci', needs: ['r'] },
        r: { stage: 'ci', needs: ['p'] },
      }),
    ).toEqual([
      { pointer: '/a/needs/0', message: 'resolve needs cycle by removing one needs edge: a -> b -> a', line: 10 },
      { pointer: '/p/needs/0', message: 'resolve needs cycle by removing one needs edge: p -> q -> r -> p', line: 30 },
    ]);
  });

  it('finds a cycle at the end of a long chain without overflowing the stack', () => {
    const jobs: Record<string, { stage: string; needs: string[] }> = {};
    for (let i = 0; i < 20_000; i++) jobs[`j${i}`] = { stage: 'ci', needs: [`j${(i + 1) % 20_000}`] };
    const found = issues(['ci'], jobs);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^resolve needs cycle by removing one needs edge: j0 -> j1 -> j2 -> .* -> j19999 -> j0$/);
  });

  it('reports every issue in document order, one per root cause (a bad edge never also counts as a cycle)', () => {
    expect(
      issues(['build', 'test'], {
        a: { stage: 'test', needs: ['ghost', 'b'] },
        b: { stage: 'build', needs: ['a', 'b'] },
        c: { stage: 'test', needs: ['.tpl', 'd'] },
        d: { stage: 'test', needs: ['c'] },
      }, ['.tpl']),
    ).toEqual([
      { pointer: '/a/needs/0', message: expect.stringContaining('unknown job "ghost"'), line: 10 },
      { pointer: '/b/needs/0', message: expect.stringContaining('"a" is in stage "test"'), line: 20 },
      { pointer: '/b/needs/1', message: expect.stringContaining('its own needs'), line: 20 },
      { pointer: '/c/needs/0', message: expect.stringContaining('template job ".tpl"'), line: 30 },
      { pointer: '/c/needs/1', message: 'resolve needs cycle by removing one needs edge: c -> d -> c', line: 30 },
    ]);
  });
});

describe('planWorkflow: positions from parsed YAML', () => {
  it('points a needs issue at the offending needs entry, not at the job key', async () => {
    const { parseWorkflow } = await import('@loom/schema');
    const text = ['version: v1', 'stages: [ci]', 'build:', '  stage: ci', '  target: linux', '  script: ["true"]', 'test:', '  stage: ci', '  target: linux', '  needs:', '    - build', '    - buld', '  script: ["true"]', ''].join('\n');
    const parsed = parseWorkflow(text, '/repo/.loom/workflow.yml');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const result = planWorkflow(parsed.workflow);
    expect(result.ok ? [] : result.issues.map((i) => [i.pointer, i.line, i.column])).toEqual([['/test/needs/1', 12, 7]]);
  });
});
