/**
 * `loom run --local --cache-diff` and `loom cache ls|prune|unquarantine` on a host workflow: a cache that
 * makes its job fail is quarantined, later runs skip it, unquarantine lifts it, prune empties the store.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

describe('loom run --local --cache-diff', () => {
  const { repoOf } = useCaseRepos();

  it('quarantines the key of the job that diverges, later runs skip it until it is lifted', { timeout: 120_000 }, async () => {
    const cwd = await repoOf('cache-diff');
    const seed = await runLoom(['run', '--local'], { cwd });
    expect(seed.code, explain(seed)).toBe(0);

    const diffRun = await runLoom(['run', '--local', '--cache-diff'], { cwd });
    expect(diffRun.code, explain(diffRun)).toBe(1);
    const record = readRecord(receiptPathOf(diffRun));
    // One receipt is named, last: the one that stays; each pass names its record by its logs directory.
    expect(diffRun.stderr.match(/^receipt: /gm)).toHaveLength(1);
    const diff = record.receipt['cache_diff'];
    expect(diffRun.stderr).toContain(`record (cache off): ${diff.cache_off_logs_dir}\n`);
    expect(diffRun.stderr).toContain(`record (cache on): ${record.logsDir}\n`);
    expect(diff.cache_off_exit_code).toBe(0);
    expect(existsSync(diff.cache_off_logs_dir)).toBe(true);
    expect(diff.cache_off_logs_dir).not.toBe(record.logsDir);
    expect(diff.jobs).toEqual(
      expect.arrayContaining([
        { job_id: 'steady', diverged: false, reasons: [], cache_hits: [{ name: 'default', key: 'steady-key' }] },
        expect.objectContaining({ job_id: 'poisoned', diverged: true, cache_hits: [{ name: 'default', key: 'poison-key' }] }),
      ]),
    );
    expect(diff.jobs.find((j: { job_id: string }) => j.job_id === 'poisoned').reasons).toContain('step 1 exit code 0 (cache off) vs 3 (cache on)');
    expect(diff.quarantined).toEqual([expect.objectContaining({ key: 'poison-key', name: 'default', job_id: 'poisoned' })]);
    expect(diffRun.stderr).toContain('quarantined poison-key (cache default of poisoned)');

    const ls = await runLoom(['cache', 'ls', '--json'], { cwd });
    const entries = JSON.parse(ls.stdout).entries as { key: string; quarantined: boolean }[];
    expect(entries.map((e) => [e.key, e.quarantined]).sort()).toEqual([['poison-key', true], ['steady-key', false]]);

    const skipped = await runLoom(['run', '--local'], { cwd });
    expect(skipped.code, explain(skipped)).toBe(0);
    expect(statuses(readRecord(receiptPathOf(skipped)))).toEqual({ poisoned: 'success', steady: 'success' });
    expect(readRecord(receiptPathOf(skipped)).job('poisoned').manifest['cache']).toMatch(/^cache default: skipped poison-key \(quarantined\)/);

    const lift = await runLoom(['cache', 'unquarantine', 'poison-key'], { cwd });
    expect(lift.code, lift.stderr).toBe(0);
    expect(lift.stdout).toContain('unquarantined poison-key');
    expect((await runLoom(['run', '--local'], { cwd })).code).toBe(1);

    const badPrune = await runLoom(['cache', 'prune', '--max-size', 'lots'], { cwd });
    expect(badPrune.code).toBe(1);
    expect(badPrune.stderr).toContain('CACHE_PRUNE_BAD_LIMIT');
    const prune = await runLoom(['cache', 'prune', '--max-size', '0'], { cwd });
    expect(prune.stdout).toMatch(/pruned 2 entries/);
    expect(JSON.parse((await runLoom(['cache', 'ls', '--json'], { cwd })).stdout).entries).toEqual([]);
  });
});
