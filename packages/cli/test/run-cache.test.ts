/**
 * Named caches through `loom run --local` on the host and in Docker, in both workspace modes: a miss that
 * saves, then a hit that finds the content unchanged, read back from the record (sections, job manifest).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { type RunRecordView, explain, readJson, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

type Json = ReturnType<typeof readJson>;

const dockerUp = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;

/** `entries[]` of a job's cache section summary, found through the job manifest's section roster. */
function sectionEntries(record: RunRecordView, job: string, section: string): Json[] {
  const entry = (record.job(job).manifest['system_sections'] as Json[]).find((s) => s['name'] === section);
  return entry ? (readJson(join(record.logsDir, entry['summary_path'] as string))['data']['entries'] as Json[]) : [];
}

describeWithRequirement('loom run --local: cache', { available: dockerUp, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  const { repoOf } = useCaseRepos();

  for (const mode of ['ephemeral_volume', 'bind_mount'] as const) {
    it(`misses and saves, then hits and writes nothing (host job, Docker ${mode})`, async () => {
      const cwd = await repoOf('cache');
      const env = { LOOM_DOCKER_WORKSPACE_MOUNT: mode };
      const first = await runLoom(['run', '--local'], { cwd, env });
      expect(first.code, explain(first)).toBe(0);
      const one = readRecord(receiptPathOf(first));
      expect(statuses(one)).toEqual({ 'host-deps': 'success', 'docker-deps': 'success', fresh: 'success' });
      for (const job of ['host-deps', 'docker-deps']) {
        expect(sectionEntries(one, job, 'cache_restore')).toMatchObject([{ name: 'vendor', status: 'miss' }]);
        expect(sectionEntries(one, job, 'cache_save')).toMatchObject([{ name: 'vendor', status: 'saved' }]);
      }
      expect(one.job('fresh').manifest['cache']).toBeNull();
      const store = join(cwd, '.loom/.runtime/cache');
      const archives = readdirSync(join(store, 'archives'));
      expect(archives).toHaveLength(2);

      const second = await runLoom(['run', '--local'], { cwd, env });
      expect(second.code, explain(second)).toBe(0);
      const two = readRecord(receiptPathOf(second));
      expect(sectionEntries(two, 'host-deps', 'cache_restore')).toMatchObject([{ status: 'hit', matched_key: expect.stringMatching(/^vendor-[0-9a-f]{64}$/) }]);
      expect(sectionEntries(two, 'docker-deps', 'cache_restore')).toMatchObject([{ status: 'hit', key: 'docker-vendor-main', matched_key: 'docker-vendor-main' }]);
      for (const job of ['host-deps', 'docker-deps']) {
        expect(sectionEntries(two, job, 'cache_save')).toMatchObject([{ status: 'unchanged' }]);
        expect(two.job(job).manifest['cache']).toMatch(/^cache vendor: hit \S+ \(\d+(\.\d)? [KM]?B, \d+\.\d s\), unchanged$/);
      }
      expect(second.stderr).toMatch(/finished host-deps: success.*\n {2}cache vendor: hit vendor-[0-9a-f]{8}…/);
      expect(readdirSync(join(store, 'archives')).sort()).toEqual(archives.sort());
    }, 180_000);
  }
}, { tags: ['docker'] });
