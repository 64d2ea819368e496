import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { loomSync } from './cli-harness.js';

// End to end through the built binary: run `pnpm build` first.
const tempDir = useTempDirs('loom-compile-');
const loom = loomSync;

const WORKFLOW = [
  'version: v1',
  'stages: [build, test]',
  'default:',
  '  target: linux',
  'compile:',
  '  stage: build',
  '  image: alpine:3.20',
  '  script: ["echo compile"]',
  'unit:',
  '  stage: test',
  '  needs: [compile]',
  '  script: ["echo unit"]',
  'lint:',
  '  stage: test',
  '  script: ["echo lint"]',
  '',
].join('\n');

describe('loom compile', () => {
  it('prints the Graph IR as pretty JSON on stdout, nothing on stderr, and writes no receipt', async () => {
    const repo = await createGitRepo(tempDir(), { '.loom/workflow.yml': WORKFLOW });
    const result = loom(repo.dir, 'compile', '--workflow', '.loom/workflow.yml');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\{\n {2}"schema_version": "loom.graph-ir.v1",\n/);
    const ir = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(ir).toMatchObject({
      schema_version: 'loom.graph-ir.v1',
      stages: ['build', 'test'],
      selection: null,
      jobs: [
        { id: 'compile', stage: 'build', provider: 'docker', needs: null, after_stage: null, image: { name: 'alpine:3.20' }, target: 'linux' },
        { id: 'unit', stage: 'test', provider: 'host', needs: ['compile'], after_stage: null, image: null },
        { id: 'lint', stage: 'test', provider: 'host', needs: null, after_stage: 'build' },
      ],
      edges: [
        { from: 'compile', to: 'unit', kind: 'needs' },
        { from: 'build', to: 'lint', kind: 'stage' },
      ],
    });
    expect(existsSync(join(repo.dir, '.loom/.runtime'))).toBe(false);
  });

  it('reads --workflow relative to the working directory and resolves includes from that file\'s repository', async () => {
    const repo = await createGitRepo(tempDir(), {
      'ci/other.yml': WORKFLOW.replace('default:', 'include:\n  - local: .loom/templates/base.yml\ndefault:').replace('  script: ["echo lint"]', '  extends: .base'),
      '.loom/templates/base.yml': '.base:\n  script: ["echo from template"]\n',
      'src/keep': '',
    });
    const result = loom(join(repo.dir, 'src'), 'compile', '--workflow', '../ci/other.yml');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const ir = JSON.parse(result.stdout) as { jobs: { id: string; script: string[]; extends: string[] }[]; includes: string[] };
    expect(ir.jobs.find((j) => j.id === 'lint')).toMatchObject({ script: ['echo from template'], extends: ['.base'] });
    expect(ir.includes).toEqual(['.loom/templates/base.yml']);
  });

  it('compiles a workflow outside any git repository', () => {
    const dir = tempDir();
    writeTree(dir, { '.loom/workflow.yml': WORKFLOW });
    const result = loom(dir, 'compile');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { jobs: unknown[] }).jobs).toHaveLength(3);
  });

  it('prints issues like check on stderr, nothing on stdout, and exits 1', async () => {
    const repo = await createGitRepo(tempDir(), { 'other.yml': WORKFLOW.replace('needs: [compile]', 'needs: [ghost, unit]') });
    const result = loom(repo.dir, 'compile', '--workflow', 'other.yml');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        'other.yml:11 remove unknown job "ghost" from needs of "unit"; needs only allows jobs defined in the workflow',
        'other.yml:11 remove "unit" from its own needs; a job cannot need itself',
        '',
      ].join('\n'),
    });
  });
});
