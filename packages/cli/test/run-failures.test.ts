/** Runs that fail before or around their jobs: each one still leaves a receipt that says why. */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo } from '@loom/test-kit';
import { readJson, readRecord, receiptPathOf, runLoom, runTmpdirOf, statuses, useCaseRepos } from './run-harness.js';

const { repoOf, tempDir } = useCaseRepos();

describe('loom run --local: failures', () => {
  it('a job whose required secret is missing fails closed in provider prepare; its script never runs', async () => {
    const cwd = await repoOf('secrets');
    const run = await runLoom(['run', '--local'], { cwd });
    expect(run.code).toBe(1);
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record)).toEqual({ 'with-secret': 'failed', 'without-secret': 'success' });
    const manifest = record.job('with-secret').manifest;
    expect(manifest).toMatchObject({ failing_section: 'provider', failing_step_events_path: null });
    expect((manifest['steps'] as { status: string }[]).map((s) => s.status)).toEqual(['skipped']);
    const sections = manifest['system_sections'] as { name: string; status: string; events_path: string }[];
    expect(sections.map((s) => [s.name, s.status])).toEqual([['provider', 'failed'], ['cleanup', 'success']]);
    const errors = record.events(sections[0]!.events_path).filter((l) => l['event'] === 'error');
    expect(errors).toEqual([expect.objectContaining({ error_code: 'SECRETS_REQUIRED_MISSING', message: expect.stringContaining('DEPLOY_TOKEN') })]);
    expect(existsSync(join(record.receipt['snapshot_path'] as string, 'ran-without-its-secret'))).toBe(false);
  });

  it('an invalid workflow prints its issues and writes a failed receipt with the error', async () => {
    const cwd = await repoOf('invalid-workflow');
    const run = await runLoom(['run', '--local'], { cwd });
    expect(run.code).toBe(1);
    const receipt = readJson(receiptPathOf(run));
    expect(receipt).toMatchObject({ status: 'failure', exit_code: 1, error: expect.stringContaining('the workflow is invalid'), graph_ir: null });
    expect(receipt['error']).toMatch(/workflow\.yml:\d+ /);
    expect(receipt).not.toHaveProperty('snapshot_path');
    // The workspace was started early (it overlaps start-up); an invalid workflow removes it again.
    const runId = (receipt['logs_dir'] as string).split('/').at(-1) as string;
    expect(readdirSync(runTmpdirOf(cwd)).filter((name) => name.startsWith(`${runId}-`))).toEqual([]);
  });

  it.each([
    [[] as string[], 'needs --local'],
    [['--local', '--docker-workspace-mount', 'tmpfs'], 'expects bind_mount or ephemeral_volume'],
  ])('`loom run %j` fails with a receipt: %s', async (args, message) => {
    const cwd = await repoOf('stages');
    const run = await runLoom(['run', ...args], { cwd });
    expect(run.code).toBe(1);
    expect(readJson(receiptPathOf(run))).toMatchObject({ status: 'failure', exit_code: 1, error: expect.stringContaining(message) });
  });

  it('a workspace that cannot be made (no commits yet) ends the run with a receipt naming the error', async () => {
    const cwd = await repoOf('stages');
    const fresh = join(dirname(cwd), 'fresh'); // beside the case repo, so it shares its TMPDIR
    mkdirSync(fresh);
    const repo = await createGitRepo(fresh); // `git init`, nothing committed
    repo.write({ '.loom/workflow.yml': readFileSync(join(cwd, '.loom', 'workflow.yml'), 'utf8') });
    const run = await runLoom(['run', '--local'], { cwd: fresh });
    expect(run.code).toBe(1);
    const receipt = readJson(receiptPathOf(run));
    expect(receipt).toMatchObject({ status: 'failure', exit_code: 1, error: expect.stringContaining('the isolated workspace could not be created') });
    expect(receipt).not.toHaveProperty('snapshot_path');
  });

  it('outside a git repository: a clear error and exit 1, no receipt', async () => {
    const run = await runLoom(['run', '--local'], { cwd: tempDir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CLI_REPO_ROOT_NOT_FOUND');
  });
});
