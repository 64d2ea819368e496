/** Secrets through `loom run --local`: every run-time error code, and where a resolved value may not appear. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { loomSync } from './cli-harness.js';
import { explain, readRecord, receiptPathOf, runLoom, runTmpdirOf, startLoom, statuses, useCaseRepos } from './run-harness.js';
import { canaryVault } from './secrets-harness.js';

const { repoOf, tempDir } = useCaseRepos();
const dockerUp = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;

type Record_ = ReturnType<typeof readRecord>;
function providerEvents(record: Record_, job: string) {
  const sections = record.job(job).manifest['system_sections'] as { name: string; events_path: string }[];
  const provider = sections.find((s) => s.name === 'provider') as { events_path: string };
  return record.events(provider.events_path);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Each byte form of the canary a leak would show: the value, its base64, its URL encoding. */
function canaryForms(canary: string): string[] {
  return [canary, Buffer.from(canary).toString('base64').replace(/=+$/, ''), encodeURIComponent(canary)];
}

function occurrences(text: string, forms: string[]): number {
  return forms.reduce((n, f) => n + text.split(f).length - 1, 0);
}

describe('loom run --local: secret errors', () => {
  it('reaches each run-time SECRETS_* code in the job\'s provider section, with scheme and variable', async () => {
    const cwd = await repoOf('secrets-errors');
    const vault = await canaryVault(tempDir());
    const run = await runLoom(['run', '--local'], { cwd, env: { ...vault.env, LOOM_CASE_SET_TOKEN: 'set-token-value', LOOM_CASE_SHORT_TOKEN: 'abc' } });
    expect(run.code, explain(run)).toBe(1);
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record)).toEqual({ 'missing-env': 'failed', 'unwired-vault': 'failed', 'missing-entry': 'failed', traced: 'failed', optional: 'success' });
    const expected: [string, string, string | null][] = [
      ['missing-env', 'SECRETS_REQUIRED_MISSING', 'env'],
      ['unwired-vault', 'SECRETS_PROVIDER_UNAVAILABLE', 'keepass'],
      ['missing-entry', 'SECRETS_REF_NOT_FOUND', 'keepass'],
      ['traced', 'SECRETS_UNSAFE_DEBUG_TRACE', null],
    ];
    for (const [job, code, scheme] of expected) {
      expect(record.job(job).manifest, job).toMatchObject({ failing_section: 'provider' });
      const events = providerEvents(record, job);
      expect(events.filter((e) => e['event'] === 'error').map((e) => e['error_code']), job).toEqual([code]);
      if (scheme) expect(events, job).toContainEqual(expect.objectContaining({ event: 'note', data: { scheme, variable: 'TOKEN', code, required: true } }));
      expect(existsSync(join(record.receipt['snapshot_path'] as string, `ran-${job}`)), job).toBe(false);
    }
    const optional = providerEvents(record, 'optional');
    expect(optional).toContainEqual(expect.objectContaining({ event: 'warning', warning_code: 'SECRETS_REF_NOT_FOUND', message: expect.stringContaining('TOKEN is optional') }));
    expect(optional).toContainEqual(expect.objectContaining({ event: 'warning', warning_code: 'SECRET_TOO_SHORT_TO_MASK', message: expect.stringContaining('SHORT') }));
    expect(run.stderr).toContain('SECRETS_PROVIDER_UNAVAILABLE');
  }, 60_000);

  it('a run whose secrets are all env:// loads neither kdbxweb, hash-wasm nor the 1Password SDK', async () => {
    const cwd = await repoOf('secrets');
    const log = join(tempDir(), 'modules.txt');
    const hooks = fileURLToPath(new URL('./module-log-hooks.mjs', import.meta.url));
    const run = await runLoom(['run', '--local'], { cwd, env: { LOOM_CASE_DEPLOY_TOKEN: 'deploy-token-1', LOOM_MODULE_LOG: log, NODE_OPTIONS: `--import ${hooks}` } });
    expect(run.code, explain(run)).toBe(0);
    const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:')))];
    expect(urls.some((u) => u.includes('/chunks/'))).toBe(true);
    for (const url of urls) {
      expect(url).not.toMatch(/kdbxweb|hash-wasm|@1password/);
      if (!url.includes('/node_modules/')) expect(readFileSync(fileURLToPath(url), 'utf8'), url).not.toMatch(/KdbxError|hash-wasm@|function argon2id/);
    }
  });

  it('a Loom killed while a job holds a file secret leaves the file behind; the next run sweeps it', async () => {
    const cwd = await repoOf('secrets-crash');
    const root = join(runTmpdirOf(cwd), 'loom-secrets');
    const env = { LOOM_CASE_DEPLOY_TOKEN: 'crash-token-1234' };
    const { child, done } = startLoom(['run', '--local'], { cwd, env: { ...env, LOOM_CASE_SLEEP: '8' }, detached: true });
    for (let i = 0; i < 200 && filesUnder(root).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(root)).toHaveLength(1);
    process.kill(-(child.pid as number), 'SIGKILL');
    await done;
    expect(filesUnder(root)).toHaveLength(1);
    const next = await runLoom(['run', '--local'], { cwd, env });
    expect(next.code, explain(next)).toBe(0);
    expect(filesUnder(root)).toEqual([]);
    expect(readdirSync(root)).toEqual([]);
  }, 60_000);

  it('rejects a malformed ref before anything runs, with SECRETS_REF_INVALID at its line', async () => {
    const cwd = await repoOf('secrets-invalid-ref');
    const run = await runLoom(['run', '--local'], { cwd });
    expect(run.code).toBe(1);
    const check = loomSync(cwd, 'check');
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(/workflow\.yml:9 SECRETS_REF_INVALID: fix ref of secret "TOKEN"/);
    expect(run.stderr).toMatch(/workflow\.yml:9(:\d+)? SECRETS_REF_INVALID: fix ref of secret "TOKEN" \(no ":<field>" after the entry path\)/);
  });
});

describeWithRequirement('loom run --local: the canary never leaves the job', { available: dockerUp, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  it('host and Docker, file: true and false: 0 occurrences in .loom/.runtime, the snapshot, the terminal, docker inspect', async () => {
    const cwd = await repoOf('secrets-canary');
    const vault = await canaryVault(tempDir());
    const forms = canaryForms(vault.canary);
    const run = await runLoom(['run', '--local', '--stream', '--keep-failed'], { cwd, env: vault.env });
    const receiptPath = receiptPathOf(run);
    const runId = receiptPath.match(/loom-run-local-\d+/)?.[0] as string;
    const kept = spawnSync('docker', ['ps', '-aq', '--filter', `label=loom.run_id=${runId}`, '--filter', 'label=loom.role=job'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    try {
      expect(run.code, explain(run)).toBe(1);
      const record = readRecord(receiptPath);
      expect(statuses(record)).toEqual({ 'host-file': 'success', 'host-direct': 'success', 'docker-file': 'failed', 'docker-direct': 'success' });
      // The jobs did print it: masked lines stand where the value and its encodings were.
      expect(run.stdout + run.stderr).toContain('[REDACTED:SECRET_CANARY]');
      expect(occurrences(run.stdout + run.stderr, forms), 'terminal').toBe(0);
      const snapshot = record.receipt['snapshot_path'] as string;
      const recordFiles = filesUnder(join(cwd, '.loom', '.runtime'));
      expect(recordFiles.filter((f) => f.endsWith('events.jsonl')).length).toBeGreaterThan(8);
      expect(filesUnder(snapshot).length).toBeGreaterThan(5);
      for (const file of [...recordFiles, ...filesUnder(snapshot)]) {
        if (statSync(file).size > 10_000_000) continue;
        expect(occurrences(readFileSync(file, 'latin1'), forms), file).toBe(0);
      }
      expect(kept, 'docker-file kept by --keep-failed').toHaveLength(1);
      const inspect = spawnSync('docker', ['inspect', ...kept], { encoding: 'utf8' }).stdout;
      expect(inspect).toContain('/run/secrets/CANARY');
      expect(occurrences(inspect, forms), 'docker inspect').toBe(0);
      // Secret files are gone with their jobs.
      const secretsRoot = join(runTmpdirOf(cwd), 'loom-secrets');
      expect(filesUnder(secretsRoot)).toEqual([]);
    } finally {
      if (kept.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...kept], { stdio: 'ignore' });
    }
  }, 180_000);
}, { tags: ['docker'] });
