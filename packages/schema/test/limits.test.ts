/**
 * Hostile input (issue 18): deep nesting, collection keys that made `yaml` print Node warnings, oversized
 * files, and large files parsed piece by piece giving what a whole-file parse gives.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { parseWorkflow, readWorkflow } from '../src/index.js';
import { MAX_FILE_BYTES, MAX_NESTING } from '../src/limits.js';
import type { ParseResult } from '../src/model.js';
import { parseWorkflowWith } from '../src/parse-workflow.js';

const HEAD = 'version: v1\nstages: [ci]\njob:\n  stage: ci\n  target: linux\n  script: [x]\n';
const tempDir = useTempDirs('loom-schema-limits-');

function issues(result: ParseResult): string[] {
  return result.ok ? [] : result.issues.map((i) => `${i.line}:${i.column} ${i.pointer} ${i.message}`);
}

/** Values nested `n` levels below a root key, in every form the fuzzing found (flow, block, compact, open). */
const nested: Record<string, (n: number) => string> = {
  'flow sequences': (n) => `deep: ${'['.repeat(n)}${']'.repeat(n)}\n`,
  'flow sequences, unclosed': (n) => `deep: ${'['.repeat(n)}\n`,
  'flow mappings': (n) => `deep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
  'flow mappings, unclosed': (n) => `deep: ${'{a: '.repeat(n)}\n`,
  'mixed flow': (n) => `deep: ${'[{a: '.repeat(Math.ceil(n / 2))}\n`,
  'block mappings': (n) => `deep:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')} 1\n`,
  'block sequences': (n) => `deep:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}-`).join('\n')} 1\n`,
  'compact sequences': (n) => `deep:\n  ${'- '.repeat(n)}1\n`,
  'flow in a job': (n) => `job2:\n  variables: ${'['.repeat(n)}\n`,
};

describe('nesting limit', () => {
  // 9 shapes × 5 depths = 45, plus the 4 at the top level below: the 49 inputs of issue 18, rebuilt.
  const depths = [MAX_NESTING + 1, 1000, 3000, 5000, 20_000];
  it.each(Object.keys(nested).flatMap((shape) => depths.map((n) => [shape, n] as const)))('%s, %i levels: a located issue', (shape, n) => {
    const text = HEAD + (nested[shape] as (n: number) => string)(n);
    for (const full of [false, true]) {
      const result = parseWorkflowWith(text, 'w.yml', {}, { full });
      const found = issues(result);
      expect(found.join('\n')).not.toMatch(/internal error|call stack/);
      // Deep block nesting is also big: 5,000 indented levels pass the size limit first.
      expect(found.filter((i) => /^\d+:\d+ {2}(?:flatten this value; collections may nest at most 64 levels|keep this file under)/.test(i))).toHaveLength(1);
    }
  });

  it.each([
    ['a root flow sequence', `${'['.repeat(5000)}${']'.repeat(5000)}\n`, '1:65'],
    ['a root block sequence', `${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}-`).join('\n')} 1\n`, '65:65'],
    ['a 12 KB file of flow mappings', `a: ${'{b: '.repeat(3000)}\n`, '1:256'],
    ['nesting inside an included template', 'INCLUDE', 'deep.yml:2:76'],
  ])('%s', (_name, text, where) => {
    const main = 'version: v1\nstages: [ci]\ninclude:\n  - local: .loom/templates/deep.yml\n';
    const include = `.t:\n  variables: ${'['.repeat(5000)}\n`;
    const result = parseWorkflow(text === 'INCLUDE' ? main : text, 'w.yml', { readInclude: () => include });
    expect(result.ok).toBe(false);
    const first = !result.ok && result.issues.find((i) => i.message.startsWith('flatten this value'));
    expect(first && `${first.file === 'w.yml' ? '' : 'deep.yml:'}${first.line}:${first.column}`).toBe(where);
  });

  it(`accepts ${MAX_NESTING} levels (the root mapping is level 1)`, () => {
    const text = `${HEAD}.t:\n  target: linux\n  variables: {A: ${'['.repeat(MAX_NESTING - 3)}${']'.repeat(MAX_NESTING - 3)}}\n`;
    for (const full of [false, true]) expect(issues(parseWorkflowWith(text, 'w.yml', {}, { full })).join('\n')).not.toMatch(/nest/);
  });
});

describe('garbage with 100,000s of YAML errors (found by the long fuzz run)', () => {
  // `list.push(...errors)` with that many arguments overflowed the stack; ~10 s of `yaml` error building.
  it('200,000 stray braces: located issues, not a stack overflow', { tags: ['slow'], timeout: 120_000 }, () => {
    const found = issues(parseWorkflow(`a: 1\n${'}\n'.repeat(200_000)}`, 'w.yml'));
    expect(found.length).toBeGreaterThan(100_000);
    expect(found.join('\n')).not.toMatch(/internal error|call stack/);
  });
});

describe('YAML library warnings', () => {
  let warned: MockInstance;
  beforeEach(() => {
    warned = vi.spyOn(process, 'emitWarning');
  });
  afterEach(() => warned.mockRestore());

  it.each([
    ['stages: {[ci]', '2:10 /stages write this key as a plain string'],
    ['stages: {[ci]: 1}', '2:10 /stages write this key as a plain string'],
    ['stages: {{a: 1}: 2}', '2:10 /stages write this key as a plain string'],
    ['? [a, b]\n: 1', '2:3  write this key as a plain string'],
    ['job2: {[x]: y, [z]: w}', '2:8 /job2 write this key as a plain string'],
  ])('%j: a located issue, no Node warning', (yaml, want) => {
    const result = parseWorkflow(`version: v1\n${yaml}\n`, 'w.yml');
    expect(issues(result)[0]).toMatch(new RegExp(`^${want.replace(/[[\]{}?]/g, '\\$&')}`));
    expect(warned).not.toHaveBeenCalled();
  });
});

describe('size limit', () => {
  const big = `${HEAD}${'# padding padding padding padding padding padding padding padding padding padding\n'.repeat(MAX_FILE_BYTES / 80 + 10)}`;

  it('reports where a file crosses the limit, without parsing it', () => {
    const result = parseWorkflow(big, 'w.yml');
    const before = big.slice(0, MAX_FILE_BYTES).split('\n');
    expect(issues(result)).toEqual([`${before.length}:${(before.at(-1) as string).length + 1}  keep this file under 10 MiB; it reaches the limit here (move jobs into templates under .loom/templates/ and include them, each file has its own limit)`]);
  });

  it('counts UTF-8 bytes, and readWorkflow reads no more of a huge file than it needs', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'w.yml'), `${big}${'é'.repeat(MAX_FILE_BYTES)}`);
    const result = readWorkflow(join(dir, 'w.yml'), dir);
    expect(!result.ok && result.issues.map((i) => i.message.slice(0, 27))).toEqual(['keep this file under 10 MiB']);
    expect(parseWorkflow(`${HEAD}x: ${'é'.repeat(MAX_FILE_BYTES / 2)}\n`, 'w.yml').ok).toBe(false);
  });
});

describe('large files parsed piece by piece', () => {
  const jobs = (n: number) => Array.from({ length: n }, (_, i) => `j${i}:\n  stage: ci\n  target: linux\n  script:\n    - echo ${i}\n`).join('');
  const cases: [string, string][] = [
    ['valid', `version: v1\nstages: [ci]\n${jobs(50)}`],
    ['a tab in one job', `version: v1\nstages: [ci]\n${jobs(20)}j20:\n\tstage: ci\n${jobs(5)}`],
    ['a duplicate root key', `version: v1\nstages: [ci]\n${jobs(10)}${jobs(3)}`],
    ['a duplicate key in a job', `version: v1\nstages: [ci]\n${jobs(10)}x:\n  stage: ci\n  stage: ci\n  target: linux\n  script: [a]\n`],
    ['a flow sequence over lines', `version: v1\nstages: [ci]\n${jobs(5)}x:\n  stage: ci\n  target: linux\n  script: [a,\n    b]\n`],
    ['a semantic error deep in a job', `version: v1\nstages: [ci]\n${jobs(10)}x:\n  stage: ci\n  target: linux\n  script: [a]\n  cache:\n    - name: c\n      paths: [../up]\n`],
    ['anchors across pieces', `version: v1\nstages: [ci]\n.t: &t\n  target: linux\n${jobs(3)}x:\n  <<: *t\n`],
    ['a collection key', `version: v1\nstages: [ci]\n${jobs(3)}x: {[a]: 1}\n`],
    ['comments and blank lines at column 0', `# head\n\nversion: v1\n# mid\nstages: [ci]\n\n${jobs(3)}# tail\n`],
  ];
  it.each(cases)('%s: the same result as one whole-file parse', (_name, text) => {
    expect(parseWorkflowWith(text, 'w.yml', {}, { piecesFrom: 0 })).toEqual(parseWorkflowWith(text, 'w.yml', {}, {}));
  });
});
