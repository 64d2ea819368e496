/**
 * Retention end to end (issue 18): 30 real `loom run --local` runs, every fourth failing, with the default
 * rule applied in the background whenever enough runs gathered; then `loom clean` on demand.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { loomSync } from './cli-harness.js';
import { runLoom, runTmpdirOf, startLoom } from './run-harness.js';

async function until<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error('timed out');
}

const tempDir = useTempDirs('loom-retention-e2e-');
const RUN_ID = /loom-run-local-\d+/;

async function repo(): Promise<string> {
  const root = tempDir();
  mkdirSync(join(root, 'tmp'));
  mkdirSync(join(root, 'repo'));
  const made = await createGitRepo(join(root, 'repo'));
  writeTree(made.dir, {
    '.gitignore': '.loom/.runtime/\n',
    '.loom/workflow.yml': 'version: v1\nstages: [ci]\njob:\n  stage: ci\n  target: linux\n  script:\n    - test ! -f fail\n',
  });
  await made.commitAll('retention');
  return made.dir;
}

/** Run ids on disk: isolated workspaces (temp dir) and run records (logs), each sorted. */
function onDisk(cwd: string): { workspaces: string[]; logs: string[]; receipts: string[] } {
  const ids = (dir: string, suffix: RegExp) => (existsSync(dir) ? readdirSync(dir).filter((n) => suffix.test(n)).map((n) => RUN_ID.exec(n)?.[0] as string).sort() : []);
  return {
    workspaces: ids(runTmpdirOf(cwd), /^loom-run-local-\d+-\d+$/),
    logs: ids(join(cwd, '.loom/.runtime/logs'), /^loom-run-local-\d+$/),
    receipts: ids(join(cwd, '.loom/.runtime/receipts'), /^loom-run-local-\d+\.json$/),
  };
}

describe('retention', { tags: ['slow'], timeout: 300_000 }, () => {
  it('after 30 runs the disk holds what the rule keeps, applied whenever 5 more runs gathered than its last pass left; loom clean --all empties it', async () => {
    const cwd = await repo();
    const runs: { runId: string; failed: boolean }[] = [];
    for (let i = 0; i < 30; i++) {
      const failed = i % 4 === 1;
      if (failed) writeFileSync(join(cwd, 'fail'), 'x');
      else rmSync(join(cwd, 'fail'), { force: true });
      const run = await runLoom(['run', '--local', '-q'], { cwd });
      expect(run.code).toBe(failed ? 1 : 0);
      runs.push({ runId: RUN_ID.exec(run.stderr)?.[0] as string, failed });
    }
    // What the rule leaves: a run's pass applies it (the 10 most recent, every recent failure) once 5 more
    // runs gathered than the last pass left (10 before the first), counting its own (applyRetentionWhenDue).
    let left: number[] = [];
    let afterPass = 10;
    for (let i = 0; i < runs.length; i++) {
      left.push(i);
      if (left.length <= afterPass + 5) continue;
      left = left.filter((j) => j > i - 10 || runs[j]?.failed);
      afterPass = left.length;
    }
    const kept = left.map((i) => runs[i]?.runId as string).sort();
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(onDisk(cwd)).toEqual({ workspaces: kept, logs: kept, receipts: kept });
    // A failed run's printed workspace is still there.
    expect(kept).toContain(runs[25]?.runId);

    const logsOnly = loomSync(cwd, 'clean', '--logs', '--older-than', '1d');
    expect(logsOnly.code).toBe(0);
    expect(onDisk(cwd).logs).toEqual(kept);
    const all = loomSync(cwd, 'clean', '--all');
    expect(all.stdout).toMatch(new RegExp(`removed ${kept.length} isolated workspaces and ${kept.length} run records; kept 0 runs`));
    expect(onDisk(cwd)).toEqual({ workspaces: [], logs: [], receipts: [] });
    expect(readdirSync(runTmpdirOf(cwd))).toEqual([]);
  });

  it('loom clean --all during a run leaves that run alone, and removes it once the run is over', async () => {
    const cwd = await repo();
    writeFileSync(join(cwd, '.loom/workflow.yml'), 'version: v1\nstages: [ci]\njob:\n  stage: ci\n  target: linux\n  script:\n    - touch started && sleep 3\n');
    const running = startLoom(['run', '--local', '-q'], { cwd });
    const workspace = await until(() => readdirSync(runTmpdirOf(cwd)).find((n) => existsSync(join(runTmpdirOf(cwd), n, 'started'))));
    const clean = loomSync(cwd, 'clean', '--all');
    expect(clean.stdout).toMatch(/kept loom-run-local-\d+: a running loom uses it/);
    expect(existsSync(join(runTmpdirOf(cwd), workspace))).toBe(true);
    expect((await running.done).code).toBe(0);
    expect(loomSync(cwd, 'clean', '--all').stdout).toMatch(/removed 1 isolated workspace and 1 run record; kept 0 runs/);
    expect(onDisk(cwd)).toEqual({ workspaces: [], logs: [], receipts: [] });
  });

  it('rejects --all with --older-than, and a bad age, with a hint', async () => {
    const cwd = await repo();
    const both = loomSync(cwd, 'clean', '--all', '--older-than', '7d');
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--all and --older-than cannot be combined/);
    expect(loomSync(cwd, 'clean', '--older-than', 'soon').stderr).toMatch(/--older-than/);
  });
});
