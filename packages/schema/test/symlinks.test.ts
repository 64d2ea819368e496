/**
 * Symlink escapes (issue 17): every path the workflow names statically — include files, image.build context
 * and Dockerfile, cache and artifact paths — is followed through symlinks by `readWorkflow`, and refused at
 * its file:line when its real path leaves the repository. Links that stay inside are fine.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { parseWorkflow, readWorkflow } from '../src/index.js';

const tempDir = useTempDirs('loom-schema-links-');

/** A repository `<tmp>/repo` with `files`, beside an outside directory `<tmp>/outside` holding `evil.yml`. */
function repoWithOutside(files: Record<string, string>): { root: string; outside: string } {
  const base = tempDir();
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'evil.yml'), '.evil:\n  target: linux\n  script: [echo pwned]\n');
  writeFileSync(join(outside, 'Dockerfile'), 'FROM scratch\n');
  writeTree(root, files);
  return { root, outside };
}

const head = 'version: v1\nstages: [ci]\n';

describe('symlinks that leave the repository', () => {
  it('an include that is a symlink to an outside file is an issue at the include entry', () => {
    const { root, outside } = repoWithOutside({ '.loom/workflow.yml': `${head}include:\n  - local: .loom/templates/evil.yml\njob:\n  extends: .evil\n  stage: ci\n` });
    mkdirSync(join(root, '.loom/templates'));
    symlinkSync(join(outside, 'evil.yml'), join(root, '.loom/templates/evil.yml'));
    const result = readWorkflow(join(root, '.loom/workflow.yml'), root);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues[0]).toMatchObject({ line: 4, message: expect.stringContaining(`is a symlink to ${join(outside, 'evil.yml')}, outside the repository`) });
  });

  it('an include reached through a symlinked directory is refused too', () => {
    const { root, outside } = repoWithOutside({ '.loom/workflow.yml': `${head}include:\n  - local: .loom/templates/ext/evil.yml\njob:\n  extends: .evil\n  stage: ci\n` });
    mkdirSync(join(root, '.loom/templates'));
    symlinkSync(outside, join(root, '.loom/templates/ext'));
    const result = readWorkflow(join(root, '.loom/workflow.yml'), root);
    expect(!result.ok && result.issues[0]?.message).toContain('outside the repository');
  });

  it('a build context or Dockerfile that is a symlink out of the repository is an issue at its key', () => {
    const build = (context: string, dockerfile: string): string =>
      `${head}job:\n  stage: ci\n  target: linux\n  image:\n    name: x/y:1\n    build:\n      context: ${context}\n      dockerfile: ${dockerfile}\n  script: ['true']\n`;
    const { root, outside } = repoWithOutside({ '.loom/workflow.yml': build('ctx', 'docker/Dockerfile'), 'docker/.keep': '' });
    symlinkSync(outside, join(root, 'ctx'));
    symlinkSync(join(outside, 'Dockerfile'), join(root, 'docker/Dockerfile'));
    const result = readWorkflow(join(root, '.loom/workflow.yml'), root);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => [i.line, /resolves through a symlink/.test(i.message)])).toEqual([[9, true], [10, true]]);
  });

  it('static cache and artifact paths through a symlink out of the repository are issues; globs and variables are checked up to where they start', () => {
    const text = `${head}job:\n  stage: ci\n  target: linux\n  script: ['true']\n  cache:\n    - name: deps\n      key: k\n      paths: [vendor/lib]\n  artifacts:\n    paths: [out/**/*.txt, "$CI_PROJECT_DIR/x", inside/file]\n`;
    const { root, outside } = repoWithOutside({ '.loom/workflow.yml': text, 'real/file': 'x' });
    symlinkSync(outside, join(root, 'vendor'));
    symlinkSync(outside, join(root, 'out'));
    symlinkSync(join(root, 'real'), join(root, 'inside')); // a link that stays inside is fine
    const result = readWorkflow(join(root, '.loom/workflow.yml'), root);
    const issues = result.ok ? [] : result.issues;
    expect(issues.map((i) => i.pointer)).toEqual(['/job/cache/0/paths/0', '/job/artifacts/paths/0']);
    expect(issues[0]?.message).toContain(`resolves through a symlink to ${outside}`);
  });

  it('parseWorkflow alone stays pure: without `escapes` only the lexical check applies', () => {
    const text = `${head}job:\n  stage: ci\n  target: linux\n  script: ['true']\n  artifacts:\n    paths: [out]\n`;
    expect(parseWorkflow(text, 'workflow.yml').ok).toBe(true);
    expect(parseWorkflow(text, 'workflow.yml', { escapes: () => '/elsewhere' }).ok).toBe(false);
  });
});
