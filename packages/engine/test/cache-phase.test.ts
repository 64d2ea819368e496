/**
 * The cache wrapper through runPipeline with a real store and real tar/zstd (the fake provider runs no
 * real commands, so the workspace's files are written by the test): sections, order, statuses, and that
 * neither a restore nor a save error changes the job's result.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@loom/test-kit';
import type { CacheEntry } from '@loom/schema';
import type { LoomEvent } from '@loom/runtime-logs';
import { runPipeline } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, recordingSink, trail } from './fakes.js';

const tempDir = useTempDirs('loom-engine-cache-');
const deps: CacheEntry = { name: 'deps', disabled: false, paths: ['vendor'], key: { prefix: 'dep', files: ['lock'] }, fallbackKeys: [], policy: 'pull-push', when: 'on_success' };

function run(storeDir: string, workspace: string, spec: { script?: string[]; cache?: CacheEntry[] } = {}) {
  const sink = recordingSink();
  const plan = planOf(['build'], { build: { stage: 'build', script: spec.script ?? ['ok'], cache: spec.cache ?? [deps] } });
  const options = baseOptions(sink, { host: fakeProvider().provider }, { cache: { storeDir } });
  options.snapshot.make = async () => ({ path: workspace, headSha: 'a'.repeat(40) });
  return runPipeline(plan, options).then((result) => ({ result, events: sink.events }));
}

const sectionData = (events: LoomEvent[], section: string) =>
  events.find((e): e is Extract<LoomEvent, { type: 'section_finished' }> => e.type === 'section_finished' && e.section === section);

describe('cache phases', () => {
  it('misses and saves, then hits and finds the save unchanged; sections sit around execution', async () => {
    const storeDir = tempDir();
    const first = tempDir();
    writeTree(first, { lock: 'v1', 'vendor/lib.txt': 'lib' });
    const one = await run(storeDir, first);
    expect(one.result.status).toBe('success');
    expect(trail(one.events, 'build').filter((e) => e.startsWith('section') || e.startsWith('execution'))).toEqual([
      'section_started:provider',
      'section_finished:provider',
      'section_started:cache_restore',
      'section_finished:cache_restore',
      'execution_started',
      'execution_finished',
      'section_started:cache_save',
      'section_finished:cache_save',
      'section_started:cleanup',
      'section_finished:cleanup',
    ]);
    expect(sectionData(one.events, 'cache_restore')).toMatchObject({ status: 'skipped', data: { entries: [{ name: 'deps', status: 'miss', key: expect.stringMatching(/^dep-[0-9a-f]{64}$/) }] } });
    expect(sectionData(one.events, 'cache_save')).toMatchObject({ status: 'success', data: { entries: [{ status: 'saved' }], line: expect.stringMatching(/^cache deps: miss dep-[0-9a-f]{8}…, saved \(/) } });
    const second = tempDir();
    writeTree(second, { lock: 'v1' });
    const two = await run(storeDir, second);
    expect(readFileSync(join(second, 'vendor/lib.txt'), 'utf8')).toBe('lib');
    expect(sectionData(two.events, 'cache_restore')).toMatchObject({ status: 'success', data: { entries: [{ status: 'hit', bytes: expect.any(Number) }] } });
    expect(sectionData(two.events, 'cache_save')).toMatchObject({ status: 'skipped', data: { entries: [{ status: 'unchanged' }] } });
  });

  it('writes no cache_save section for policy pull, and no restore section for policy push', async () => {
    const workspace = tempDir();
    writeTree(workspace, { lock: 'v1', 'vendor/a': 'a' });
    const pull = await run(tempDir(), workspace, { cache: [{ ...deps, policy: 'pull' }] });
    expect(trail(pull.events, 'build')).not.toContain('section_started:cache_save');
    const push = await run(tempDir(), workspace, { cache: [{ ...deps, policy: 'push' }] });
    expect(trail(push.events, 'build')).not.toContain('section_started:cache_restore');
    expect(trail(push.events, 'build')).toContain('section_finished:cache_save');
  });

  it('keeps the job result when the save fails, and fails only the save section', async () => {
    const workspace = tempDir();
    writeTree(workspace, { lock: 'v1' });
    mkdirSync(join(workspace, 'vendor'));
    writeFileSync(join(workspace, 'vendor/a'), 'x');
    const storeDir = tempDir();
    // The store's directory is a file: nothing can be written there.
    writeFileSync(join(storeDir, 'entries'), 'not a directory');
    const { result, events } = await run(storeDir, workspace, { cache: [{ ...deps, when: 'always' }] });
    expect(result.status).toBe('success');
    expect(sectionData(events, 'cache_save')).toMatchObject({ status: 'failed', data: { entries: [{ status: 'failed' }] } });
    expect(trail(events, 'build')).toContain('error:CACHE_SAVE_FAILED');
    expect(events.find((e) => e.type === 'job_finished')).toMatchObject({ status: 'success', exitCode: 0 });
  });

  it('saves on failure only when `when` says so, and turns a bad key pattern into a warning', async () => {
    const workspace = tempDir();
    writeTree(workspace, { lock: 'v1', 'vendor/a': 'a' });
    const failed = await run(tempDir(), workspace, { script: ['exit 2'], cache: [{ ...deps, when: 'on_failure' }, { ...deps, name: 'other', when: 'on_success' }] });
    expect(failed.result.status).toBe('failure');
    expect(sectionData(failed.events, 'cache_save')?.data?.entries).toMatchObject([{ name: 'deps', status: 'saved' }, { name: 'other', status: 'skipped' }]);
    const bad = await run(tempDir(), workspace, { cache: [{ ...deps, key: { files: ['../outside'] } }] });
    expect(bad.result.status).toBe('success');
    expect(trail(bad.events, 'build')).toContain('warning:CACHE_KEY_BAD_PATTERN');
  });
});
