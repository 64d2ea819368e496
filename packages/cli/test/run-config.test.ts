/**
 * Runtime config through the real CLI: every layer and merge rule as `loom run --local` records it (the
 * run-level `runtime config` note), config errors stopping the run, `loom config show` and `init`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, readJson, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';
import { canaryVault } from './secrets-harness.js';

const { repoOf, tempDir } = useCaseRepos();

interface Setup {
  cwd: string;
  home: string;
  env: Record<string, string>;
}

async function setup(files: { user?: string; repo?: string } = {}): Promise<Setup> {
  const cwd = await repoOf('runtime-config');
  const home = join(tempDir(), 'home');
  mkdirSync(join(home, '.config', 'loom'), { recursive: true });
  if (files.user !== undefined) writeFileSync(join(home, '.config', 'loom', 'config.yml'), files.user);
  if (files.repo !== undefined) writeFileSync(join(cwd, '.loom', 'config.yml'), files.repo);
  return { cwd, home, env: { HOME: home, XDG_CONFIG_HOME: '' } };
}

type Values = Record<string, { value: unknown; layer: string; source: string; line?: number }>;

/** The effective config a run recorded, by key. */
async function runValues(s: Setup, env: Record<string, string> = {}, args: string[] = []): Promise<Values> {
  const run = await runLoom(['run', '--local', ...args], { cwd: s.cwd, env: { ...s.env, ...env } });
  expect(run.code, explain(run)).toBe(0);
  const note = readRecord(receiptPathOf(run)).events('events.jsonl').find((e) => e['event'] === 'note' && String(e['message']).startsWith('runtime config:'));
  expect(note).toBeDefined();
  const values = (note?.['data'] as { values: (Values[string] & { key: string })[] }).values;
  return Object.fromEntries(values.map(({ key, ...rest }) => [key, rest]));
}

const mount = (values: Values) => values['runtime.docker.workspaceMount'];

describe('loom run --local reads the layered runtime config', () => {
  it('mount mode: default < user file < repo file < LOOM_DOCKER_WORKSPACE_MOUNT < --docker-workspace-mount', async () => {
    const s = await setup();
    expect(mount(await runValues(s))).toEqual({ value: 'ephemeral_volume', layer: 'default', source: 'built-in' });
    const userFile = join(s.home, '.config', 'loom', 'config.yml');
    writeFileSync(userFile, '# mine\nruntime:\n  docker:\n    workspaceMount: bind_mount\n');
    expect(mount(await runValues(s))).toEqual({ value: 'bind_mount', layer: 'user', source: userFile, line: 4 });
    const repoFile = join(s.cwd, '.loom', 'config.yml');
    writeFileSync(repoFile, 'runtime:\n  docker:\n    workspaceMount: ephemeral_volume\n');
    expect(mount(await runValues(s))).toMatchObject({ value: 'ephemeral_volume', layer: 'repo', source: repoFile, line: 3 });
    expect(mount(await runValues(s, { LOOM_DOCKER_WORKSPACE_MOUNT: 'bind_mount' }))).toMatchObject({ value: 'bind_mount', layer: 'env' });
    // An empty environment value is no override.
    expect(mount(await runValues(s, { LOOM_DOCKER_WORKSPACE_MOUNT: '' }))).toMatchObject({ layer: 'repo' });
    const flagged = await runValues(s, { LOOM_DOCKER_WORKSPACE_MOUNT: 'bind_mount' }, ['--docker-workspace-mount', 'ephemeral_volume']);
    expect(mount(flagged)).toEqual({ value: 'ephemeral_volume', layer: 'flag', source: '--docker-workspace-mount' });
  }, 60_000);

  it('XDG_CONFIG_HOME moves the user file; aliases merge by name and field across user, repo and env', async () => {
    const s = await setup({ repo: 'providers:\n  keepass:\n    aliases:\n      team/app:\n        keyfileEnv: TEAM_KF\n' });
    const xdg = join(tempDir(), 'xdg');
    mkdirSync(join(xdg, 'loom'), { recursive: true });
    writeFileSync(join(xdg, 'loom', 'config.yml'), 'providers:\n  keepass:\n    aliases:\n      team/app:\n        path: vaults/a.kdbx\n        passwordEnv: TEAM_PW\n  op:\n    serviceAccountTokenEnv: MY_OP\n');
    const values = await runValues(s, {
      XDG_CONFIG_HOME: xdg,
      LOOM_KEEPASS_DB_TEAM_APP_PASSWORD_ENV: 'ENV_PW',
      LOOM_KEEPASS_DB_TEAM_APP_PATH: '',
      LOOM_KEEPASS_DB_LOCAL_MAIN_PATH: 'vaults/env-relative.kdbx',
    });
    // Env paths are used verbatim; an alias only the environment names is shown under its key.
    expect(values['providers.keepass.aliases.LOCAL_MAIN.path']).toMatchObject({ value: 'vaults/env-relative.kdbx', layer: 'env' });
    expect(values['providers.keepass.aliases.team/app.path']).toMatchObject({ value: join(xdg, 'loom', 'vaults', 'a.kdbx'), layer: 'user' });
    expect(values['providers.keepass.aliases.team/app.keyfileEnv']).toMatchObject({ value: 'TEAM_KF', layer: 'repo' });
    expect(values['providers.keepass.aliases.team/app.passwordEnv']).toMatchObject({ value: 'ENV_PW', layer: 'env', source: 'LOOM_KEEPASS_DB_TEAM_APP_PASSWORD_ENV' });
    expect(values['providers.op.serviceAccountTokenEnv']).toMatchObject({ value: 'MY_OP', layer: 'user' });
  }, 30_000);

  it('runtime.concurrency sets how many jobs run their steps at once; --concurrency wins', async () => {
    const s = await setup({ repo: 'runtime:\n  concurrency: 1\n  cache:\n    dir: ../cache-store\n' });
    const run = await runLoom(['run', '--local'], { cwd: s.cwd, env: s.env });
    expect(run.code, explain(run)).toBe(0);
    const record = readRecord(receiptPathOf(run));
    const [a, b] = [record.executionTimes('first'), record.executionTimes('second')].sort((x, y) => x.started - y.started);
    expect(b!.started).toBeGreaterThanOrEqual(a!.finished);
    const values = await runValues(s, {}, ['--concurrency', '2']);
    expect(values['runtime.concurrency']).toEqual({ value: 2, layer: 'flag', source: '--concurrency' });
    expect(values['runtime.cache.dir']).toMatchObject({ value: join(s.cwd, 'cache-store'), layer: 'repo' });
  }, 30_000);
});

describe('loom run --local wires secrets from the runtime config', () => {
  it('a KeePass alias of .loom/config.yml opens its vault; serviceAccountTokenEnv names the 1Password token variable', async () => {
    const cwd = await repoOf('runtime-config-secrets');
    const vault = await canaryVault(join(cwd, '.loom'));
    writeFileSync(
      join(cwd, '.loom', 'config.yml'),
      'providers:\n  keepass:\n    aliases:\n      team/app:\n        path: canary.kdbx\n        passwordEnv: LOOM_CASE_VAULT_PW\n  op:\n    serviceAccountTokenEnv: LOOM_CASE_OP_TOKEN\n',
    );
    const home = join(tempDir(), 'home');
    const run = await runLoom(['run', '--local'], { cwd, env: { HOME: home, LOOM_CASE_VAULT_PW: 'vault-pw', LOOM_CASE_EXPECTED: vault.canary } });
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record), explain(run)).toEqual({ 'from-vault': 'success', 'from-op': 'failed' });
    const opError = record.events('jobs/from-op/system/provider/events.jsonl').find((e) => e['event'] === 'error');
    expect(String(opError?.['message'])).toContain('LOOM_CASE_OP_TOKEN is not set');
  }, 30_000);
});

describe('an invalid runtime config stops loom run before anything runs', () => {
  for (const [what, text, code, line] of [
    ['an unknown key', 'runtime:\n  docker:\n    workspaceMount: bind_mount\n  dockr: {}\n', 'CONFIG_INVALID', 4],
    ['broken YAML', 'runtime:\n  docker: [bind_mount\nproviders: {}\n', 'CONFIG_YAML_INVALID', undefined],
  ] as const) {
    it(what, async () => {
      const s = await setup({ repo: text });
      const run = await runLoom(['run', '--local'], { cwd: s.cwd, env: s.env });
      expect(run.code).toBe(1);
      const file = join(s.cwd, '.loom', 'config.yml');
      expect(run.stderr).toMatch(new RegExp(`${file}:${line ?? '\\d+'}:\\d+ ${code}: `));
      const receipt = readJson(receiptPathOf(run));
      expect(receipt).toMatchObject({ status: 'failure', exit_code: 1 });
      expect(receipt['snapshot_path']).toBeUndefined();
      const events = readFileSync(receipt['events_jsonl_path'] as string, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events.some((e) => e['error_code'] === code)).toBe(true);
      expect(events.some((e) => e['event'] === 'job_start')).toBe(false);
    });
  }

  it('loom check and loom compile never read it', async () => {
    const s = await setup({ repo: 'not: [valid\n' });
    expect((await runLoom(['check'], { cwd: s.cwd, env: s.env })).code).toBe(0);
    expect((await runLoom(['compile'], { cwd: s.cwd, env: s.env })).code).toBe(0);
  });
});

describe('loom config', () => {
  it('show prints each value with its layer (YAML and --json)', async () => {
    const s = await setup({ user: 'runtime:\n  concurrency: 3\n', repo: 'runtime:\n  docker:\n    workspaceMount: bind_mount\n' });
    const env = { ...s.env, LOOM_KEEPASS_DB_LOCAL_PATH: '/v/local.kdbx' };
    const text = await runLoom(['config', 'show'], { cwd: s.cwd, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`workspaceMount: bind_mount  # repo file ${join(s.cwd, '.loom', 'config.yml')}:3`);
    expect(text.stdout).toContain(`concurrency: 3  # user file ${join(s.home, '.config', 'loom', 'config.yml')}:2`);
    expect(text.stdout).toContain('path: /v/local.kdbx  # env LOOM_KEEPASS_DB_LOCAL_PATH');
    expect(text.stdout).toContain('serviceAccountTokenEnv: OP_SERVICE_ACCOUNT_TOKEN  # default');
    const json = await runLoom(['config', 'show', '--json'], { cwd: s.cwd, env });
    const shown = JSON.parse(json.stdout) as { config: { runtime: { concurrency: number } }; values: { key: string; layer: string }[] };
    expect(shown.config.runtime.concurrency).toBe(3);
    expect(shown.values.find((v) => v.key === 'providers.keepass.aliases.LOCAL.path')?.layer).toBe('env');
  });

  it('show reports an invalid file with its line', async () => {
    const s = await setup({ user: 'runtime:\n  concurency: 2\n' });
    const run = await runLoom(['config', 'show'], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(s.home, '.config', 'loom', 'config.yml')}:2:3 CONFIG_INVALID: unknown key \`concurency\` in \`runtime\``);
  });

  it('init writes a scaffold loom run accepts, refuses to overwrite without --force, --user writes the user file', async () => {
    const s = await setup();
    expect((await runLoom(['config', 'init'], { cwd: s.cwd, env: s.env })).code).toBe(0);
    const repoFile = join(s.cwd, '.loom', 'config.yml');
    expect(readFileSync(repoFile, 'utf8')).toContain('# workspaceMount: ephemeral_volume');
    writeFileSync(repoFile, `${readFileSync(repoFile, 'utf8')}\n# edited\n`);
    const again = await runLoom(['config', 'init'], { cwd: s.cwd, env: s.env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CONFIG_EXISTS');
    expect(readFileSync(repoFile, 'utf8')).toContain('# edited');
    expect((await runLoom(['config', 'init', '--force'], { cwd: s.cwd, env: s.env })).code).toBe(0);
    expect(readFileSync(repoFile, 'utf8')).not.toContain('# edited');
    expect((await runLoom(['config', 'init', '--user'], { cwd: s.cwd, env: s.env })).code).toBe(0);
    const values = await runValues(s);
    expect(Object.values(values).every((v) => v.layer === 'default')).toBe(true);
  }, 30_000);
});
