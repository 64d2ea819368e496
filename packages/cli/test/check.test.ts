import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { CLI_VERSION as version, loomSync } from './cli-harness.js';

// End to end through the built binary: run `pnpm build` first.
const tempDir = useTempDirs('loom-check-');
const loom = loomSync;

const RECEIPT = /^receipt: (\.loom\/\.runtime\/receipts\/\d{8}T\d{6}Z-check-\d+\.json)$/m;

function receiptOf(dir: string, stderr: string): unknown {
  const path = RECEIPT.exec(stderr)?.[1];
  if (!path) throw new Error(`no receipt line in:\n${stderr}`);
  return JSON.parse(readFileSync(join(dir, path), 'utf8'));
}

const VALID = [
  'version: v1',
  'stages: [build, test]',
  'default:',
  '  target: linux',
  'compile:',
  '  stage: build',
  '  script: ["echo compile"]',
  'unit:',
  '  stage: test',
  '  needs: [compile]',
  '  script: ["echo unit"]',
  '',
].join('\n');

async function repoWith(workflow: string) {
  return createGitRepo(tempDir(), { '.loom/workflow.yml': workflow });
}

describe('loom check: a valid workflow', () => {
  it('prints the two lines of cli.md on stderr, nothing on stdout, exits 0 and writes the receipt', async () => {
    const repo = await repoWith(VALID);
    const result = loom(repo.dir, 'check');
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr.split('\n')).toEqual(['loom check passed', expect.stringMatching(RECEIPT), '']);
    expect(receiptOf(repo.dir, result.stderr)).toEqual({
      schema_version: 'v1',
      kind: 'loom-check',
      loom_version: version,
      command: ['loom', 'check'],
      exit_code: 0,
      status: 'success',
      workflow_schema_v1: { workflow_path: join(repo.dir, '.loom/workflow.yml'), valid: true, errors: [] },
    });
  });

  it('finds the repo root from a subdirectory, and accepts .git as a file (worktrees)', async () => {
    const dir = tempDir();
    writeTree(dir, { '.git': 'gitdir: /elsewhere/.git/worktrees/x\n', '.loom/workflow.yml': VALID, 'src/deep/keep': '' });
    const result = loom(join(dir, 'src/deep'), 'check');
    expect(result.code).toBe(0);
    expect(readdirSync(join(dir, '.loom/.runtime/receipts'))).toHaveLength(1);
  });

  it('passes on this repository\'s own .loom/workflow.yml (checked in a copy, to leave no receipt here)', async () => {
    const repo = await repoWith(readFileSync(new URL('../../../.loom/workflow.yml', import.meta.url), 'utf8'));
    const result = loom(repo.dir, 'check');
    expect(result.stderr).toMatch(/^loom check passed\nreceipt: /);
    expect(result.code).toBe(0);
  });
});

describe('loom check: an invalid workflow', () => {
  it('prints every issue as workflow.yml:<line> <message>, in document order, then the receipt and the verdict', async () => {
    const repo = await repoWith(
      [
        'version: v1', //                         1
        'stages: [build, test]', //               2
        'default:', //                            3
        '  target: linux', //                     4
        'build:', //                              5
        '  script: ["make"]', //                  6
        'test:', //                               7
        '  stage: test', //                       8
        '  script: "make test"', //               9
        '',
      ].join('\n'),
    );
    const result = loom(repo.dir, 'check');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    const lines = result.stderr.split('\n');
    expect(lines).toEqual([
      'workflow.yml:5 missing required key "stage" in job "build"',
      'workflow.yml:9 expected sequence for "script", got string',
      '',
      expect.stringMatching(RECEIPT),
      'loom check failed (exit code 1)',
      '',
    ]);
    expect(receiptOf(repo.dir, result.stderr)).toMatchObject({
      exit_code: 1,
      status: 'failure',
      workflow_schema_v1: {
        workflow_path: join(repo.dir, '.loom/workflow.yml'),
        valid: false,
        errors: [
          { code: 'WF_SCHEMA_V1', path: '/build', line: 5, file: join(repo.dir, '.loom/workflow.yml'), message: 'missing required key "stage" in job "build"' },
          { code: 'WF_SCHEMA_V1', path: '/test/script', line: 9, message: 'expected sequence for "script", got string' },
        ],
      },
    });
  });

  it('reports the planner\'s needs issues (unknown need, cycle) the same way', async () => {
    const repo = await repoWith(
      [
        'version: v1',
        'stages: [ci]',
        'default: {target: linux}',
        'a:',
        '  stage: ci',
        '  needs: [b]', //              6
        '  script: ["true"]',
        'b:',
        '  stage: ci',
        '  needs: [a, ghost]', //      10
        '  script: ["true"]',
        '',
      ].join('\n'),
    );
    const result = loom(repo.dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(0, 3)).toEqual([
      'workflow.yml:6 resolve needs cycle by removing one needs edge: a -> b -> a',
      'workflow.yml:10 remove unknown job "ghost" from needs of "b"; needs only allows jobs defined in the workflow',
      '',
    ]);
    expect(receiptOf(repo.dir, result.stderr)).toMatchObject({
      workflow_schema_v1: { errors: [{ path: '/a/needs/0', line: 6 }, { path: '/b/needs/1', line: 10 }] },
    });
  });

  it('labels an issue in an included file with its path from the repo root', async () => {
    const repo = await createGitRepo(tempDir(), {
      '.loom/workflow.yml': 'version: v1\nstages: [ci]\ninclude:\n  - local: .loom/templates/base.yml\nci:\n  extends: .base\n  stage: ci\n  target: linux\n',
      '.loom/templates/base.yml': '.base:\n  script: "not a list"\n',
    });
    const result = loom(repo.dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('.loom/templates/base.yml:2 expected sequence for "script", got string');
    expect(receiptOf(repo.dir, result.stderr)).toMatchObject({
      workflow_schema_v1: { errors: [{ file: join(repo.dir, '.loom/templates/base.yml'), line: 2 }] },
    });
  });

  it('fails with a receipt when .loom/workflow.yml is missing', async () => {
    const repo = await createGitRepo(tempDir(), { 'README.md': 'x' });
    const result = loom(repo.dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^workflow\.yml:\d+ .+\n\nreceipt: .+\nloom check failed \(exit code 1\)\n$/);
    expect(receiptOf(repo.dir, result.stderr)).toMatchObject({ exit_code: 1, status: 'failure', workflow_schema_v1: { valid: false } });
  });
});

describe('loom check: the command itself fails', () => {
  it('exits 1 outside a git repository, with a clear message and no stack trace', () => {
    const dir = tempDir();
    writeTree(dir, { '.loom/workflow.yml': VALID });
    const result = loom(dir, 'check');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `CLI_REPO_ROOT_NOT_FOUND: no git repository at or above ${dir}\n  hint: run loom inside a git repository (a directory with .git at or above it), or create one with git init\nloom check failed (exit code 1)\n`,
    });
    expect(existsSync(join(dir, '.loom/.runtime'))).toBe(false);
  });

  it('exits 1 without a stack trace when the receipt cannot be written, still listing the issues', async () => {
    const repo = await repoWith(VALID.replace('needs: [compile]', 'needs: [nope]'));
    mkdirSync(join(repo.dir, '.loom'), { recursive: true });
    writeFileSync(join(repo.dir, '.loom/.runtime'), 'a file where a folder should be');
    const result = loom(repo.dir, 'check');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^workflow\.yml:10 remove unknown job "nope"/);
    expect(result.stderr).toContain('RUNTIME_LOGS_WRITE_FAILED');
    expect(result.stderr).toMatch(/loom check failed \(exit code 1\)\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects flags: check takes none (cli.md)', async () => {
    const repo = await repoWith(VALID);
    const result = loom(repo.dir, 'check', '--workflow', 'other.yml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^loom: Unknown option `--workflow`/);
    expect(existsSync(join(repo.dir, '.loom/.runtime'))).toBe(false);
  });
});
