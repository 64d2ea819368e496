/** What the artifacts cases check in a run record (host and Docker alike). */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type RunRecordView, statuses } from './run-harness.js';

export const tarList = (archive: string): string[] =>
  spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map((p) => p.replace(/\/$/, '')).sort();

/** The contract paths of a job's artifacts, checked against the pipeline manifest's pointer. */
export function artifactsOf(record: RunRecordView, jobId: string) {
  const manifest = record.job(jobId).manifest['artifacts'];
  const pointer = (record.pipelineManifest['artifacts'] as { job_id: string }[]).find((a) => a.job_id === jobId);
  return { manifest, pointer, files: join(record.logsDir, 'jobs', jobId, 'artifacts'), archive: join(record.logsDir, 'jobs', jobId, 'artifacts.tar.gz') };
}

/** What a build job with the shared declaration must have left (host and Docker alike). */
export function expectBuildArtifacts(record: RunRecordView, unicodeName: string): void {
  const { manifest, pointer, files, archive } = artifactsOf(record, 'build');
  expect(manifest).toMatchObject({ files_path: 'jobs/build/artifacts', archive_path: 'jobs/build/artifacts.tar.gz', when: 'on_success', missing: ['escape/passwd', 'missing-dir'] });
  expect(pointer).toEqual({ job_id: 'build', files_path: 'jobs/build/artifacts', archive_path: 'jobs/build/artifacts.tar.gz' });
  expect(readFileSync(join(files, 'dist/a.js'), 'utf8')).toBe('a\n');
  expect(existsSync(join(files, 'dist/a.js.map'))).toBe(false);
  expect(readFileSync(join(files, 'out dir', unicodeName), 'utf8')).toBe('u\n');
  // Symlinks stay symlinks with their text; a pattern through a symlinked directory matches nothing.
  expect(readlinkSync(join(files, 'dist/link.js'))).toBe('a.js');
  expect(lstatSync(join(files, 'escape')).isSymbolicLink()).toBe(true);
  expect(readlinkSync(join(files, 'escape'))).toBe('/etc');
  expect(existsSync(join(files, 'escape-passwd'))).toBe(false);
  const listed = tarList(archive);
  expect(listed).toEqual(expect.arrayContaining(['dist/a.js', 'dist/link.js', 'escape', `out dir/${unicodeName}`]));
  expect(listed.some((p) => p.endsWith('.map') || p.includes('passwd'))).toBe(false);
  const warnings = record.events('jobs/build/system/artifact_extract/events.jsonl').filter((e) => e['event'] === 'warning');
  expect(warnings.map((e) => e['message'])).toEqual([expect.stringContaining('"escape/passwd" matched nothing'), expect.stringContaining('"missing-dir" matched nothing')]);
}

/** The artifacts-when case: which of its six jobs extracted (when × result), and that nothing else changed. */
export function expectWhenResults(record: RunRecordView): void {
  const extracted = (id: string) => record.job(id).manifest['artifacts']?.['files_path'] !== null;
  const jobs = ['success-on-success', 'failed-on-success', 'success-on-failure', 'failed-on-failure', 'success-always', 'failed-always'];
  expect(Object.fromEntries(jobs.map((id) => [id, extracted(id)]))).toEqual({
    'success-on-success': true,
    'failed-on-success': false,
    'success-on-failure': false,
    'failed-on-failure': true,
    'success-always': true,
    'failed-always': true,
  });
  // Extraction never changes a job's result; a skipped extraction is a skipped section.
  expect(statuses(record)['failed-always']).toBe('failed');
  expect(record.job('failed-on-success').manifest['artifacts']).toMatchObject({ when: 'on_success', files_path: null, archive_path: null });
  expect(readFileSync(join(record.logsDir, 'jobs/failed-always/artifacts/out-failed-always.txt'), 'utf8')).toBe('failed-always\n');
}
