/** Layers and merge rules of runtime-config.md, on real files in temp directories. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '@loom/test-kit';
import { type EffectiveConfig, configScaffold, loadRuntimeConfig } from '../src/index.js';

const tempDir = useTempDirs('loom-config-');

function setup(files: { user?: string; repo?: string }) {
  const root = tempDir();
  const home = join(root, 'home');
  const repo = join(root, 'repo');
  mkdirSync(join(home, '.config', 'loom'), { recursive: true });
  mkdirSync(join(repo, '.loom'), { recursive: true });
  if (files.user !== undefined) writeFileSync(join(home, '.config', 'loom', 'config.yml'), files.user);
  if (files.repo !== undefined) writeFileSync(join(repo, '.loom', 'config.yml'), files.repo);
  return { root, home, repo, load: (env: Record<string, string> = {}) => loadRuntimeConfig({ repoRoot: repo, env: { HOME: home, ...env } }) };
}

const origin = (c: EffectiveConfig, key: string) => c.values.find((v) => v.key === key)?.origin;

describe('layers', () => {
  it('defaults: ephemeral_volume, the op token env, the cache under .loom/.runtime', async () => {
    const { repo, load } = setup({});
    const c = await load();
    expect(c.config.runtime.docker.workspaceMount).toBe('ephemeral_volume');
    expect(c.config.providers.op.serviceAccountTokenEnv).toBe('OP_SERVICE_ACCOUNT_TOKEN');
    expect(c.config.runtime.cache.dir).toBe(join(repo, '.loom', '.runtime', 'cache'));
    expect(c.config.providers.keepass.aliases).toEqual({});
    expect(c.sources.map((s) => s.found)).toEqual([false, false]);
  });

  it('user < repo < env for the mount mode; XDG_CONFIG_HOME moves the user file', async () => {
    const { root, load } = setup({ user: 'runtime:\n  docker:\n    workspaceMount: bind_mount\n' });
    expect((await load()).config.runtime.docker.workspaceMount).toBe('bind_mount');
    const xdg = join(root, 'xdg');
    mkdirSync(join(xdg, 'loom'), { recursive: true });
    writeFileSync(join(xdg, 'loom', 'config.yml'), 'runtime:\n  concurrency: 7\n');
    const viaXdg = await load({ XDG_CONFIG_HOME: xdg });
    expect(viaXdg.config.runtime.docker.workspaceMount).toBe('ephemeral_volume');
    expect(viaXdg.config.runtime.concurrency).toBe(7);
    expect(origin(viaXdg, 'runtime.concurrency')).toEqual({ layer: 'user', source: join(xdg, 'loom', 'config.yml'), line: 2 });
  });

  it('aliases merge by name and field; file paths resolve against the declaring file; env paths verbatim; empty env ignored', async () => {
    const { home, repo, load } = setup({
      user: 'providers:\n  keepass:\n    aliases:\n      team/app:\n        path: vaults/a.kdbx\n        passwordEnv: TEAM_PW\n      mine:\n        path: /abs/m.kdbx\n',
      repo: 'providers:\n  keepass:\n    aliases:\n      team/app:\n        keyfileEnv: TEAM_KF\n      local:\n        path: db.kdbx\n',
    });
    const c = await load({ LOOM_KEEPASS_DB_LOCAL_PASSWORD_ENV: 'LOCAL_PW', LOOM_KEEPASS_DB_MINE_PATH: 'rel/env.kdbx', LOOM_KEEPASS_DB_TEAM_APP_PASSWORD_ENV: '' });
    expect(c.config.providers.keepass.aliases).toEqual({
      'team/app': { path: join(home, '.config', 'loom', 'vaults', 'a.kdbx'), passwordEnv: 'TEAM_PW', keyfileEnv: 'TEAM_KF' },
      mine: { path: 'rel/env.kdbx' },
      local: { path: join(repo, '.loom', 'db.kdbx'), passwordEnv: 'LOCAL_PW' },
    });
    expect(origin(c, 'providers.keepass.aliases.team/app.keyfileEnv')?.layer).toBe('repo');
    expect(origin(c, 'providers.keepass.aliases.local.passwordEnv')).toEqual({ layer: 'env', source: 'LOOM_KEEPASS_DB_LOCAL_PASSWORD_ENV' });
  });

  it('an alias only the environment names is keyed by its env key', async () => {
    const { load } = setup({});
    const c = await load({ LOOM_KEEPASS_DB_GROUP_PROJECT_REPO_PATH: '/v.kdbx', LOOM_DOCKER_WORKSPACE_MOUNT: '' });
    expect(c.config.providers.keepass.aliases).toEqual({ GROUP_PROJECT_REPO: { path: '/v.kdbx' } });
    expect(c.config.runtime.docker.workspaceMount).toBe('ephemeral_volume');
  });
});

describe('errors', () => {
  it('an unknown key names file:line:column and the allowed keys', async () => {
    const { repo, load } = setup({ repo: 'runtime:\n  docker:\n    workspaceMount: bind_mount\n    mountMode: x\n' });
    await expect(load()).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'unknown key `mountMode` in `runtime.docker`',
      location: { file: join(repo, '.loom', 'config.yml'), line: 4, column: 5 },
      hint: expect.stringContaining('allows workspaceMount'),
    });
  });

  it('a wrong type or value says what was found', async () => {
    const { load } = setup({ user: 'runtime:\n  concurrency: many\n' });
    await expect(load()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/runtime.concurrency` must be a whole number; got "many"/), location: { line: 2 } });
    const { load: load2 } = setup({ repo: 'providers:\n  op:\n    serviceAccountTokenEnv: ops_abc-123\n' });
    await expect(load2()).rejects.toMatchObject({ message: expect.stringContaining('NAME of an environment variable'), location: { line: 3 } });
  });

  it('broken YAML is an error with its line', async () => {
    const { load } = setup({ repo: 'runtime:\n  docker:\n    workspaceMount: bind_mount\n   bad: [1\n' });
    await expect(load()).rejects.toMatchObject({ code: 'CONFIG_YAML_INVALID', location: { line: expect.any(Number) } });
  });

  it('an invalid env overlay names the variable', async () => {
    const { load } = setup({});
    await expect(load({ LOOM_DOCKER_WORKSPACE_MOUNT: 'tmpfs' })).rejects.toMatchObject({ code: 'CONFIG_ENV_INVALID', message: expect.stringContaining('LOOM_DOCKER_WORKSPACE_MOUNT') });
  });
});

describe('scaffold', () => {
  it('as written sets nothing; with every example uncommented it is valid and sets every key', async () => {
    for (const layer of ['user', 'repo'] as const) {
      const { load } = setup({ [layer]: configScaffold(layer) });
      const asWritten = await load();
      expect(asWritten.values.every((v) => v.origin.layer === 'default')).toBe(true);
      const uncommented = configScaffold(layer).replace(/^( *)# ([A-Za-z/]+:.*)$/gm, '$1$2').replace(/^( *)# {3}([A-Za-z]+:.*)$/gm, '$1  $2');
      const { load: loadAll } = setup({ [layer]: uncommented });
      const all = await loadAll();
      expect(all.values.filter((v) => v.origin.layer === layer).map((v) => v.key).sort()).toEqual([
        'providers.keepass.aliases.team/app.keyfileEnv',
        'providers.keepass.aliases.team/app.passwordEnv',
        'providers.keepass.aliases.team/app.path',
        'providers.op.serviceAccountTokenEnv',
        'runtime.cache.dir',
        'runtime.concurrency',
        'runtime.docker.workspaceMount',
      ]);
    }
  });
});
