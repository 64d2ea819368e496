import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { readWorkflow } from '../src/index.js';

const tempDir = useTempDirs('loom-schema-');

describe('readWorkflow', () => {
  it('reads the workflow and its includes relative to the repo root', () => {
    const root = tempDir();
    writeTree(root, {
      '.loom/workflow.yml': 'version: v1\nstages: [ci]\ninclude:\n  - local: .loom/templates/node/base.yml\njob:\n  extends: .base\n  stage: ci\n',
      '.loom/templates/node/base.yml': '.base:\n  target: linux\n  script: [node -v]\n',
    });
    const result = readWorkflow(join(root, '.loom/workflow.yml'), root);
    expect(result.ok && result.workflow.jobs.job?.script).toEqual(['node -v']);
  });

  it('reports a missing workflow file as an issue, not an exception', () => {
    const root = tempDir();
    const path = join(root, '.loom/workflow.yml');
    const result = readWorkflow(path, root);
    expect(!result.ok && result.issues).toEqual([
      {
        code: 'WF_SCHEMA_V1',
        pointer: '',
        message: `create ${path}; the workflow file does not exist`,
        hint: `create ${path}; the workflow file does not exist`,
        file: path,
        line: 1,
        column: 1,
      },
    ]);
  });

  it('reports an unreadable workflow path and a missing or directory include', () => {
    const root = tempDir();
    mkdirSync(join(root, 'dir'));
    const unreadable = readWorkflow(join(root, 'dir'), root);
    expect(!unreadable.ok && unreadable.issues[0]?.message).toBe(`make ${join(root, 'dir')} readable; reading it failed: EISDIR`);
    writeTree(root, {
      '.loom/workflow.yml': 'version: v1\nstages: [ci]\ninclude:\n  - local: .loom/templates/gone.yml\n  - local: .loom/templates/dir.yml\njob: {stage: ci, target: linux, script: [x]}\n',
    });
    mkdirSync(join(root, '.loom/templates/dir.yml'), { recursive: true });
    const result = readWorkflow(join(root, '.loom/workflow.yml'), root);
    expect(!result.ok && result.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '4:12 create .loom/templates/gone.yml or fix include.local; the file does not exist',
      '5:12 make .loom/templates/dir.yml readable or fix include.local; reading it failed: .loom/templates/dir.yml is a directory',
    ]);
  });
});
