/**
 * Artifacts through `loom run --local` (runtime-logs.md §8 + Loom's restore extension): what lands in
 * `jobs/<id>/artifacts` and `artifacts.tar.gz`, the manifests' metadata and pointers, `when` × result, the
 * restore into later jobs and its failure; on the host here, in Docker (both mount modes) below.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactsOf, expectBuildArtifacts, expectWhenResults } from './artifacts-harness.js';
import { explain, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

const { repoOf } = useCaseRepos();

describe('loom run --local: artifacts on the host', () => {
  it('extracts globs, nested paths, odd names and symlinks, minus exclude; records and prints where they are', async () => {
    const cwd = await repoOf('artifacts');
    const run = await runLoom(['run', '--local'], { cwd });
    expect(run.code, explain(run)).toBe(0);
    const record = readRecord(receiptPathOf(run));
    expectBuildArtifacts(record, 'ünï côdé file.txt');
    const { files, manifest } = artifactsOf(record, 'build');
    expect(readFileSync(join(files, 'dist/sub/deep/b.js'), 'utf8')).toBe('deep\n');
    expect(readFileSync(join(files, 'reports/unit.xml'), 'utf8')).toBe('x\n');
    expect(existsSync(join(files, 'reports/skip.log'))).toBe(false);
    expect(manifest).toMatchObject({ files: 6 });
    expect(run.stderr).toContain(`artifacts build: ${files} (6 file(s)`);
    const section = record.job('build').manifest['system_sections'].find((s: { name: string }) => s.name === 'artifact_extract');
    expect(section).toMatchObject({ phase_code: 'job.artifact_restore', status: 'success' });
  });

  it('when × job result: on_success, on_failure, always', async () => {
    const cwd = await repoOf('artifacts-when');
    const run = await runLoom(['run', '--local'], { cwd });
    expect(run.code).toBe(1);
    expectWhenResults(readRecord(receiptPathOf(run)));
  });

  it('a job whose needed artifacts are gone fails in provider prepare with ARTIFACTS_RESTORE_FAILED', async () => {
    const cwd = await repoOf('artifacts-restore-fail');
    const run = await runLoom(['run', '--local'], { cwd, env: { CASE_REPO: cwd } });
    expect(run.code).toBe(1);
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record)).toEqual({ build: 'success', tamper: 'success', test: 'failed' });
    expect(record.job('test').manifest).toMatchObject({ failing_section: 'provider', steps: [{ status: 'skipped' }] });
    const errors = record.events('jobs/test/system/provider/events.jsonl').filter((e) => e['event'] === 'error');
    expect(errors[0]).toMatchObject({ error_code: 'ARTIFACTS_RESTORE_FAILED' });
  });

  it('two host jobs restoring the same artifacts into the shared workspace at once both get them', async () => {
    const cwd = await repoOf('artifacts-shared-restore');
    for (let round = 0; round < 3; round++) {
      const run = await runLoom(['run', '--local'], { cwd });
      expect(run.code, explain(run)).toBe(0);
      expect(statuses(readRecord(receiptPathOf(run)))).toEqual({ build: 'success', lint: 'success', unit: 'success', e2e: 'success' });
    }
  });

  it('an artifacts path that leaves the workspace is rejected by check and run', async () => {
    const cwd = await repoOf('artifacts');
    const file = join(cwd, '.loom', 'workflow.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('paths: [dist/,', 'paths: [../outside, /etc/passwd, dist/,'));
    const check = await runLoom(['check'], { cwd });
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/artifacts\.paths\[0\].*inside the workspace/);
    expect(check.stderr).toMatch(/artifacts\.paths\[1\].*inside the workspace/);
    const run = await runLoom(['run', '--local'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('WF_SCHEMA_V1');
  });
});
