/** `loom init` and the GitLab-porting messages through the built CLI (issue 16). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { loomSync } from './cli-harness.js';

const tempDir = useTempDirs('loom-init-');

describe('loom init', () => {
  it('writes a starter workflow that checks clean (also with its Docker job uncommented) and .loom/.gitignore; never overwrites', async () => {
    const repo = await createGitRepo(tempDir());
    const first = loomSync(repo.dir, 'init');
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, '.loom/.gitignore'), 'utf8')).toBe('.runtime/\n');
    const workflow = readFileSync(join(repo.dir, '.loom/workflow.yml'), 'utf8');
    expect(loomSync(repo.dir, 'check')).toMatchObject({ code: 0 });

    const again = loomSync(repo.dir, 'init');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('.loom/workflow.yml already exists; loom init does not overwrite it');
    expect(readFileSync(join(repo.dir, '.loom/workflow.yml'), 'utf8')).toBe(workflow);

    const lines = workflow.split('\n');
    const docker = lines.findIndex((l) => l.startsWith('# test:'));
    const uncommented = lines.map((l, i) => (i >= docker && l.startsWith('#') ? l.slice(2) : l)).join('\n');
    expect(uncommented).toMatch(/^test:\n {2}stage: test\n {2}image: debian:bookworm-slim/m);
    writeFileSync(join(repo.dir, '.loom/workflow.yml'), uncommented);
    expect(loomSync(repo.dir, 'check')).toMatchObject({ code: 0 });
  });

  it('adds .runtime/ to an existing .loom/.gitignore rather than replacing it', async () => {
    const repo = await createGitRepo(tempDir(), { '.loom/.gitignore': 'local.env' });
    expect(loomSync(repo.dir, 'init').code).toBe(0);
    expect(readFileSync(join(repo.dir, '.loom/.gitignore'), 'utf8')).toBe('local.env\n.runtime/\n');
    expect(existsSync(join(repo.dir, '.loom/workflow.yml'))).toBe(true);
  });
});

describe('porting from GitLab CI: loom check', () => {
  it('names each GitLab key and says what to write in Loom', async () => {
    const repo = await createGitRepo(tempDir(), {
      '.loom/workflow.yml': [
        'version: v1',
        'stages: [ci]',
        'build:',
        '  stage: ci',
        '  before_script: [npm ci]',
        '  script: |',
        '    npm ci',
        '    npm test',
        '  allow_failure: true',
        '  rules: [{if: $CI}]',
        '',
      ].join('\n'),
    });
    const check = loomSync(repo.dir, 'check');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('workflow.yml:5 remove unknown key "before_script" (GitLab CI); Loom has no before_script: put these commands at the start of script');
    expect(check.stderr).toContain('workflow.yml:6 write script as a sequence with one command per entry');
    expect(check.stderr).toContain('workflow.yml:9 remove unknown key "allow_failure" (GitLab CI); Loom has no allow_failure yet');
    expect(check.stderr).toContain('workflow.yml:10 remove unknown key "rules" (GitLab CI)');
    expect(check.stderr).toContain('workflow.yml:3 missing required key "target" in job "build"; add target: linux');
  });
});
