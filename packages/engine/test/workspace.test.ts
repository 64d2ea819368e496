/** The default workspace step: the real `@loom/snapshot` on a real repository. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { runPipeline } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, recordingSink } from './fakes.js';

const tempDir = useTempDirs('loom-engine-ws-');

describe('the isolated workspace', () => {
  it('is made by @loom/snapshot: HEAD plus uncommitted work, the job sees it as its project dir', async () => {
    const repo = await createGitRepo(tempDir(), { 'a.txt': 'committed\n' });
    repo.write({ 'b.txt': 'untracked\n' });
    const head = (await repo.git.revparse(['HEAD'])).trim();
    const sink = recordingSink();
    const host = fakeProvider();
    const options = baseOptions(sink, { host: host.provider });
    options.snapshot = { repoRoot: repo.dir, tmpdir: tempDir() }; // removed with the temp dirs
    const result = await runPipeline(planOf(['b'], { b: { stage: 'b' } }), options);
    expect(result).toMatchObject({ status: 'success', headSha: head });
    const snapshot = result.snapshotPath as string;
    expect(readFileSync(join(snapshot, 'b.txt'), 'utf8')).toBe('untracked\n');
    expect(existsSync(join(snapshot, '.git'))).toBe(true);
    expect(sink.events.find((e) => e.type === 'snapshot_ready')).toMatchObject({ path: snapshot, headSha: head, manifest: expect.objectContaining({ counts: expect.any(Object) }) });
    expect(host.requests.get('b')?.env).toMatchObject({ LOOM_PROJECT_DIR: snapshot, CI_COMMIT_SHA: head, CI_COMMIT_BRANCH: 'main' });
  });

  it('a directory that is not a repository ends the run with its error, before any pipeline', async () => {
    const sink = recordingSink();
    const options = baseOptions(sink, { host: fakeProvider().provider });
    options.snapshot = { repoRoot: tempDir(), tmpdir: tempDir() };
    const result = await runPipeline(planOf(['b'], { b: { stage: 'b' } }), options);
    expect(result.status).toBe('failure');
    expect(sink.events.map((e) => e.type)).toEqual(['run_started', 'error', 'run_finished']);
    expect(sink.events[1]).toMatchObject({ code: expect.stringMatching(/^SNAPSHOT_/) });
  });
});
