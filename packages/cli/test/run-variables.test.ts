/** Variables: precedence and expansion, the predefined set, and PATH through the login profile. */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

const { repoOf, tempDir } = useCaseRepos();

describe('loom run --local: variables', () => {
  it('precedence predefined < root < default < job, one-pass expansion, $$ and unknown references', async () => {
    const cwd = await repoOf('variables');
    const run = await runLoom(['run', '--local'], { cwd, env: { LOOM_CASE_HOST_VALUE: '/from/host' } });
    expect(run.code, explain(run)).toBe(0);
    expect(statuses(readRecord(receiptPathOf(run)))).toEqual({ layers: 'success', 'defaults-only': 'success' });
  });

  it('every predefined LOOM_* and CI_* variable has its value', async () => {
    const cwd = await repoOf('predefined');
    const run = await runLoom(['run', '--local'], { cwd, env: { EXPECTED_BRANCH: 'main', EXPECTED_PROJECT_NAME: basename(cwd) } });
    expect(run.code, explain(run)).toBe(0);
    const record = readRecord(receiptPathOf(run));
    expect(record.job('predefined').summary).toMatchObject({ status: 'success', provider: 'host', image: null });
  });

  it('PATH survives the login profile in a host job', async () => {
    const cwd = await repoOf('path-login');
    const bin = join(tempDir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'loom-case-probe'), '#!/bin/sh\necho probe-ok\n');
    chmodSync(join(bin, 'loom-case-probe'), 0o755);
    const run = await runLoom(['run', '--local'], { cwd, env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` } });
    expect(run.code, explain(run)).toBe(0);
  });
});
