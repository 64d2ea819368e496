/** `loom secrets keepass|op …` with the built CLI: a newcomer's vault, read back by keepassxc-cli and by a run. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo, describeWithRequirement } from '@loom/test-kit';
import { BIN } from './cli-harness.js';
import { explain, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

const { tempDir } = useCaseRepos();
const keepassxc = spawnSync('keepassxc-cli', ['--version']).status === 0;
const FAST_KDF = ['--kdf-memory-mib', '1', '--kdf-iterations', '2'];

function loom(cwd: string, args: string[], env: Record<string, string> = {}, input = '') {
  const run = spawnSync(process.execPath, [BIN, 'secrets', ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function originRepo(): Promise<string> {
  const root = tempDir();
  mkdirSync(join(root, 'tmp'));
  mkdirSync(join(root, 'repo'));
  const repo = await createGitRepo(join(root, 'repo'));
  spawnSync('git', ['remote', 'add', 'origin', 'git@git.example.com:beepbeepgo/loom-platform/loom.git'], { cwd: repo.dir });
  return repo.dir;
}

describeWithRequirement('loom secrets keepass', { available: keepassxc, what: 'keepassxc-cli' }, () => {
  it('creates the vault a workflow references, sets fields from env and stdin, lists names only; a run resolves them', async () => {
    const cwd = await originRepo();
    const env = { NEW_VAULT_PW: 'newcomer-pw', DB_PW: 'db-pw-from-env-1234' };
    const created = loom(cwd, ['keepass', 'vault', 'create', '--password-from-env', 'NEW_VAULT_PW', ...FAST_KDF], env);
    expect(created.stdout, created.stderr).toBe('vault created: alias=beepbeepgo/loom-platform/loom path=.loom/keepass/BEEPBEEPGO_LOOM_PLATFORM_LOOM.kdbx\n');
    expect(created.stderr).toContain('LOOM_KEEPASS_DB_BEEPBEEPGO_LOOM_PLATFORM_LOOM_PATH=');
    expect(loom(cwd, ['keepass', 'vault', 'create', '--password-from-env', 'NEW_VAULT_PW'], env).stderr).toContain('CLI_SECRETS_VAULT_EXISTS');
    const set = ['keepass', 'item', 'set', '--password-from-env', 'NEW_VAULT_PW', '--entry', 'services/test/db'];
    expect(loom(cwd, [...set, '--field', 'password', '--value-from-env', 'DB_PW'], env).stdout).toContain('item field created: alias=beepbeepgo/loom-platform/loom entry=services/test/db field=password');
    expect(loom(cwd, [...set, '--field', 'API_KEY', '--value-from-stdin'], env, 'api-key-from-stdin\n').code).toBe(0);
    const listed = loom(cwd, ['keepass', 'item', 'list', '--password-from-env', 'NEW_VAULT_PW'], env);
    expect(listed.stdout).toBe('services/test/db  Password\nservices/test/db  API_KEY\n');
    const db = join(cwd, '.loom/keepass/BEEPBEEPGO_LOOM_PLATFORM_LOOM.kdbx');
    const shown = spawnSync('keepassxc-cli', ['show', '-q', '-s', '-a', 'Password', '-a', 'API_KEY', db, 'services/test/db'], { input: 'newcomer-pw\n', encoding: 'utf8' });
    expect(shown.stdout).toBe('db-pw-from-env-1234\napi-key-from-stdin\n');

    writeFileSync(join(cwd, '.loom', 'workflow.yml'), [
      'version: v1', 'stages: [ci]', 'uses-vault:', '  stage: ci', '  target: linux', '  secrets:',
      '    DB: {ref: "keepass://beepbeepgo/loom-platform/loom#test/db:password"}',
      '  script: [\'test "$(cat "$DB")" = db-pw-from-env-1234\']', '',
    ].join('\n'));
    spawnSync('git', ['add', '-A'], { cwd });
    spawnSync('git', ['commit', '-qm', 'workflow'], { cwd });
    const wiring = { LOOM_KEEPASS_DB_BEEPBEEPGO_LOOM_PLATFORM_LOOM_PATH: db, LOOM_KEEPASS_DB_BEEPBEEPGO_LOOM_PLATFORM_LOOM_PASSWORD_ENV: 'NEW_VAULT_PW', NEW_VAULT_PW: 'newcomer-pw' };
    const run = await runLoom(['run', '--local'], { cwd, env: wiring });
    expect(run.code, explain(run)).toBe(0);
    expect(statuses(readRecord(receiptPathOf(run)))).toEqual({ 'uses-vault': 'success' });
  }, 60_000);

  it('protects a vault with a keyfile it creates, and refuses values given any other way', async () => {
    const cwd = await originRepo();
    const keyfile = join(tempDir(), 'team.keyx');
    const env = { TEAM_KEY: keyfile, V: 'v-1234' };
    const created = loom(cwd, ['keepass', 'vault', 'create', '--vault-path', 'team/app', '--keyfile-from-env', 'TEAM_KEY', ...FAST_KDF], env);
    expect(created.stdout).toBe('vault created: alias=team/app path=.loom/keepass/TEAM_APP.kdbx\n');
    const base = ['keepass', 'item', 'set', '--vault-path', 'team/app', '--keyfile-from-env', 'TEAM_KEY', '--entry', 'ci/token', '--field', 'token'];
    expect(loom(cwd, [...base, '--value-from-env', 'V'], env).code).toBe(0);
    const shown = spawnSync('keepassxc-cli', ['show', '-q', '-s', '--no-password', '-k', keyfile, '-a', 'token', join(cwd, '.loom/keepass/TEAM_APP.kdbx'), 'ci/token'], { encoding: 'utf8' });
    expect(shown.stdout).toBe('v-1234\n');
    expect(loom(cwd, [...base, '--value', 'v'], env).stderr).toContain('CLI_SECRETS_USAGE');
    expect(loom(cwd, [...base, '--value-from-env', 'UNSET_VALUE_VAR'], env).stderr).toContain('--value-from-env names UNSET_VALUE_VAR, which is not set');
    expect(loom(cwd, ['keepass', 'item', 'create', '--vault-path', 'team/app', '--keyfile-from-env', 'TEAM_KEY', '--entry', 'ci/token', '--field', 'token', '--value-from-env', 'V'], env).stderr).toContain('CLI_SECRETS_FIELD_EXISTS');
  }, 60_000);
}, { tags: ['slow'] });

describe('loom secrets op', () => {
  it('fails clearly without a token, and names usage errors', async () => {
    const cwd = tempDir();
    const env = { OP_SERVICE_ACCOUNT_TOKEN: '' };
    const list = loom(cwd, ['op', 'vault', 'list'], env);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('SECRETS_PROVIDER_UNAVAILABLE: op://: OP_SERVICE_ACCOUNT_TOKEN is empty');
    expect(loom(cwd, ['op', 'item', 'list'], env).stderr).toContain('--vault is required');
    expect(loom(cwd, ['op', 'item', 'delete'], env).stderr).toContain('unknown command "loom secrets op item delete"');
    expect(loom(cwd, [], env).stderr).toContain('loom secrets needs a provider');
  });
});
