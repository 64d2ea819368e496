/** applyRetentionWhenDue: `loom run`'s background pass runs once AUTO_SLACK runs gathered since the last one. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { expect, it } from 'vitest';
import { AUTO_SLACK, DEFAULT_RETENTION, applyRetention, applyRetentionWhenDue } from '../src/index.js';

const tempDir = useTempDirs('loom-retention-due-');
let next = 1_700_000_000_000_000_000n;

/** `count` more successful runs (logs directory and receipt), in order. */
function addRuns(repo: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const runId = `loom-run-local-${next++}`;
    mkdirSync(join(repo, '.loom/.runtime/logs', runId), { recursive: true });
    mkdirSync(join(repo, '.loom/.runtime/receipts'), { recursive: true });
    writeFileSync(join(repo, '.loom/.runtime/receipts', `${runId}.json`), JSON.stringify({ status: 'success' }));
  }
}
const runsOf = (repo: string): number => readdirSync(join(repo, '.loom/.runtime/logs')).length;

it('passes once more than keepLast + AUTO_SLACK runs are there, then once AUTO_SLACK more gathered', async () => {
  const repo = tempDir();
  const options = { repoRoot: repo, tmpdir: tempDir() };
  expect(await applyRetentionWhenDue(options)).toBeUndefined(); // nothing at all
  addRuns(repo, DEFAULT_RETENTION.keepLast + AUTO_SLACK);
  expect(await applyRetentionWhenDue(options)).toBeUndefined();
  addRuns(repo, 1);
  expect((await applyRetentionWhenDue(options))?.logs).toHaveLength(AUTO_SLACK + 1);
  expect(runsOf(repo)).toBe(DEFAULT_RETENTION.keepLast);
  addRuns(repo, AUTO_SLACK);
  expect(await applyRetentionWhenDue(options)).toBeUndefined();
  addRuns(repo, 1);
  expect(await applyRetentionWhenDue(options)).toBeDefined();
  expect(runsOf(repo)).toBe(DEFAULT_RETENTION.keepLast);
});

it('counts from what the last pass left, also when the rule kept more (failures) or `loom clean` removed all', async () => {
  const repo = tempDir();
  const options = { repoRoot: repo, tmpdir: tempDir() };
  addRuns(repo, 14);
  writeFileSync(join(repo, '.loom/.runtime/retention.json'), '{"runs_after_pass": 13}\n'); // e.g. 3 failures kept
  expect(await applyRetentionWhenDue(options)).toBeUndefined();
  addRuns(repo, 5);
  expect(await applyRetentionWhenDue(options)).toBeDefined();
  await applyRetention({ ...options, selection: { kind: 'all' } });
  expect(existsSync(join(repo, '.loom/.runtime/retention.json'))).toBe(true);
  addRuns(repo, AUTO_SLACK + 1);
  expect(await applyRetentionWhenDue(options)).toBeDefined(); // 0 left by `clean --all`, so 6 are enough
});

it('an unreadable state counts as keepLast', async () => {
  const repo = tempDir();
  addRuns(repo, DEFAULT_RETENTION.keepLast + AUTO_SLACK + 1);
  writeFileSync(join(repo, '.loom/.runtime/retention.json'), '{"runs_after_pass": "many"');
  expect(await applyRetentionWhenDue({ repoRoot: repo, tmpdir: tempDir() })).toBeDefined();
});
