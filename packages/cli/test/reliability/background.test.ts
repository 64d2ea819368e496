/**
 * Host jobs that leave processes behind (issue 17): `sleep 300 &` holding the step's output, `setsid sleep
 * 302 >/dev/null 2>&1 &` and a double fork escaping its process group. The steps end within the output
 * grace (1 s), the run succeeds, its cleanup names what it killed, and nothing carrying the run's marker is
 * alive afterwards. Needs no Docker. Runs as it is in both forms (it is deterministic).
 */
import { describe, expect, it } from 'vitest';
import { processesWith, receiptOf, startRun, useRepos } from './support.js';
import { readRecord } from '../run-harness.js';
import { hostLeftBehind } from './workflows.js';

describe('reliability: background processes of host jobs', { tags: ['slow'] }, () => {
  const repoOf = useRepos();

  it('the steps end within the output grace, the run succeeds, and 0 processes survive it', async () => {
    const cwd = await repoOf(hostLeftBehind);
    const started = Date.now();
    const run = startRun(cwd);
    const result = await run.done;
    const tookMs = Date.now() - started;
    console.log(`host run with background processes: ${tookMs} ms`);
    const receipt = receiptOf(result);
    expect(receipt.json, result.stderr).toMatchObject({ status: 'success', exit_code: 0 });
    expect(tookMs).toBeLessThan(10_000);
    expect(processesWith(run.marker)).toEqual([]);
    const record = readRecord(receipt.path);
    const cleanup = record.events('jobs/bg/system/cleanup/events.jsonl').map((e) => JSON.stringify(e)).join('\n');
    expect(cleanup).toContain('HOST_LEFTOVER_PROCESSES');
    expect(cleanup).toContain('HOST_OUTPUT_HELD');
  }, 30_000);
});
