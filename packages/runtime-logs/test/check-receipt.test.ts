import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { checkReceiptSchema, compactUtcStamp, writeCheckReceipt } from '../src/index.js';

const tempDir = useTempDirs('loom-rl-check-');

describe('writeCheckReceipt', () => {
  it('writes receipts/<YYYYMMDDTHHMMSSZ>-check-<pid>.json as cli.md shows', async () => {
    const repoRoot = tempDir();
    const path = await writeCheckReceipt({
      repoRoot,
      loomVersion: '0.4.2',
      command: ['loom', 'check'],
      workflowPath: join(repoRoot, '.loom/workflow.yml'),
      errors: [],
      exitCode: 0,
      now: new Date('2026-03-04T18:30:12.345Z'),
      pid: 48291,
    });
    expect(path).toBe(join(repoRoot, '.loom/.runtime/receipts/20260304T183012Z-check-48291.json'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      schema_version: 'v1',
      kind: 'loom-check',
      loom_version: '0.4.2',
      command: ['loom', 'check'],
      exit_code: 0,
      status: 'success',
      workflow_schema_v1: { workflow_path: join(repoRoot, '.loom/workflow.yml'), valid: true, errors: [] },
    });
  });

  it('records a failed check with structured errors and an absolute workflow path', async () => {
    const repoRoot = tempDir();
    const error = { code: 'WF_SCHEMA_V1', path: '/build', message: 'missing required key "stage" in job "build"', line: 12, column: 3, file: '.loom/workflow.yml', hint: 'add stage: <name>' };
    const path = await writeCheckReceipt({
      repoRoot, loomVersion: '0.1.0', command: ['loom', 'check'], workflowPath: '.loom/workflow.yml',
      errors: [error, { ...error, line: null, column: null, hint: undefined }], exitCode: 1, now: new Date(0), pid: 7,
    });
    expect(path.endsWith('19700101T000000Z-check-7.json')).toBe(true);
    const receipt = checkReceiptSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(receipt.status).toBe('failure');
    expect(receipt.workflow_schema_v1).toEqual({
      workflow_path: join(repoRoot, '.loom/workflow.yml'),
      valid: false,
      errors: [error, { code: 'WF_SCHEMA_V1', path: '/build', message: error.message, line: null, column: null, file: '.loom/workflow.yml' }],
    });
  });

  it('formats the stamp in UTC basic form', () => {
    expect(compactUtcStamp(new Date('2026-12-31T23:59:59.999Z'))).toBe('20261231T235959Z');
  });
});
