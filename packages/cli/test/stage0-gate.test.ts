/**
 * The repository's own Stage 0 gate (.loom/workflow.yml) run on a small fixture project: the same workflow,
 * runtime config, test-fixture vault and toolchain Dockerfile as this repository, and a package.json whose
 * gate halves are stand-ins, one of them broken on purpose. The gate must fail in that job, and the terminal
 * must end with the job, the step and its events path; the secret must never reach the record.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createGitRepo, describeWithRequirement, useTempDirs } from '@loom/test-kit';
import { readRecord, receiptPathOf, runLoom, runTmpdirOf } from './run-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET_VALUE = 'stage0-fixture-db-password';
const VAULT_PASSWORD = 'loom-stage0-test-fixture';
// The vault alone (its README quotes the fixture value, which would be found by the byte search below).
const GATE_FILES = ['.loom/workflow.yml', '.loom/config.yml', '.loom/keepass/stage0-test-fixture.kdbx', 'tools/images/toolchain/Dockerfile'];

const dockerfile = readFileSync(join(ROOT, 'tools/images/toolchain/Dockerfile'), 'utf8');
const argOf = (name: string): string => new RegExp(`^ARG ${name}=(\\S+)$`, 'm').exec(dockerfile)?.[1] ?? '';

describe('the toolchain image', () => {
  it('pins the pnpm of packageManager and a Node the engines field accepts', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { packageManager: string; engines: { node: string } };
    expect(manifest.packageManager).toMatch(new RegExp(`^pnpm@${argOf('PNPM_VERSION').replaceAll('.', '\\.')}\\+`));
    const [major, minor] = argOf('NODE_VERSION').split('.').map(Number);
    const [needMajor, needMinor] = /(\d+)\.(\d+)/.exec(manifest.engines.node)!.slice(1).map(Number);
    expect(major).toBe(needMajor);
    expect(minor).toBeGreaterThanOrEqual(needMinor!);
  });
});

/** Every file under `dir`, for a byte search. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((rel) => join(dir, rel)).filter((path) => statSync(path).isFile());
}

async function fixtureRepo(root: string): Promise<string> {
  mkdirSync(join(root, 'tmp'));
  mkdirSync(join(root, 'repo'));
  const repo = await createGitRepo(join(root, 'repo'));
  for (const rel of GATE_FILES) cpSync(join(ROOT, rel), join(repo.dir, rel), { recursive: true });
  const scripts = {
    'gate:image': `node -e "console.log('image half ok')"`,
    'gate:docker': `node -e "console.log('collected 3 tests'); console.error('AssertionError: broken on purpose'); process.exit(1)"`,
  };
  writeFileSync(join(repo.dir, 'package.json'), JSON.stringify({ name: 'gate-fixture', private: true, scripts }, null, 2));
  writeFileSync(join(repo.dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .: {}\n");
  writeFileSync(join(repo.dir, 'nx.json'), '{}\n');
  await repo.commitAll('gate fixture');
  return repo.dir;
}

const imagesUp = spawnSync('docker', ['image', 'inspect', 'loom-local/debian:bookworm', 'loom-local/postgres:15'], { stdio: 'ignore' }).status === 0;

describeWithRequirement('the Stage 0 gate on a fixture with a broken test', { available: imagesUp, what: 'Docker with the loom-local images (pnpm images)' }, () => {
  const tempDir = useTempDirs('loom-stage0-');

  it('fails in check-docker, names the job, step and events path last, and never records the secret', async () => {
    const cwd = await fixtureRepo(tempDir());
    const run = await runLoom(['run', '--local'], { cwd, env: { LOOM_STAGE0_VAULT_PASSWORD: VAULT_PASSWORD } });
    expect(run.code, run.stderr).toBe(1);

    const tail = run.stderr.trimEnd().split('\n').slice(-20).join('\n');
    expect(tail).toContain('failed: job check-docker, step 2');
    expect(tail).toMatch(/events: +\/\S+\/jobs\/check-docker\/user\/execution\/script\/02\/events\.jsonl/);

    const record = readRecord(receiptPathOf(run));
    const roster = Object.fromEntries((record.pipelineManifest['jobs'] as { job_id: string; status: string; provider: string }[]).map((j) => [j.job_id, [j.status, j.provider]]));
    expect(roster).toEqual({
      'build-toolchain-image': ['success', 'docker'],
      'test-services': ['success', 'docker'],
      'install-deps': ['success', 'docker'],
      'check-pnpm': ['success', 'docker'],
      'check-docker': ['failed', 'host'],
    });
    const printed = record.events('jobs/test-services/user/execution/script/04/events.jsonl').map((e) => e['line'] ?? e['lines']).flat();
    expect(printed).toContain('connected as runner with password [REDACTED:SECRET_POSTGRES_PASSWORD]');
    const leaks = [...filesUnder(join(cwd, '.loom', '.runtime')), ...filesUnder(runTmpdirOf(cwd))]
      .filter((path) => readFileSync(path).includes(SECRET_VALUE));
    expect(leaks).toEqual([]);
    expect(run.stderr).not.toContain(SECRET_VALUE);
  }, 300_000);
}, { tags: ['docker', 'slow'] });
