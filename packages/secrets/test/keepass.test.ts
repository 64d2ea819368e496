import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { SecretRef } from '@loom/contracts';
import { createSecretResolver, loadKeepassTools } from '@loom/secrets';
import { describeWithRequirement, useTempDirs } from '@loom/test-kit';
import { type XmlEntry, keepassxc, keepassxcRequirement, keepassxcVault } from './keepassxc.js';

const temp = useTempDirs();
/** Cheap Argon2 for tests (the bench uses KeePassXC's 64 MiB / 10 iterations). */
const SMALL_KDF = { memoryKiB: 1024, iterations: 2, parallelism: 1 };
const signal = new AbortController().signal;

const ref = (name: string, uri: string, extra: Partial<SecretRef> = {}): SecretRef => ({ name, ref: uri, file: false, required: true, ...extra });

function resolverFor(dir: string, env: Record<string, string>) {
  return createSecretResolver({ env, runId: 'loom-run-local-1', tmpRoot: join(dir, 'secrets-tmp') });
}

const wiring = (path: string, extra: Record<string, string> = {}) => ({
  LOOM_KEEPASS_DB_TEAM_APP_PATH: path,
  LOOM_KEEPASS_DB_TEAM_APP_PASSWORD_ENV: 'TEAM_PW',
  TEAM_PW: 'correct horse',
  ...extra,
});

describeWithRequirement('keepass:// against vaults made by keepassxc-cli (KDBX 3.1, AES-KDF)', keepassxcRequirement, () => {
  const entries: XmlEntry[] = [
    { groups: ['services', 'test'], title: 'db', fields: { Password: 'pw-from-keepassxc', UserName: 'app', NPM_TOKEN: 'npm-custom-1234' } },
    { groups: ['services', 'prod'], title: 'db', fields: { Password: 'prod-pw-9999' } },
    { groups: ['tools'], title: 'registry', fields: { Password: 'reg-pw-5678' } },
  ];

  it('reads standard and custom fields, matching the entry path by suffix', async () => {
    const dir = temp();
    const db = keepassxcVault(dir, 'team', 'correct horse', entries);
    const resolver = resolverFor(dir, wiring(db));
    const out = await resolver.resolve('job', [
      ref('PW', 'keepass://team/app#services/test/db:password'),
      ref('USER', 'keepass://team/app#test/db:username'),
      ref('NPM', 'keepass://team/app#test/db:NPM_TOKEN'),
      ref('REG', 'keepass://team/app#registry:Password'),
    ], signal);
    expect(out.failures).toEqual([]);
    expect(out.env).toEqual({ PW: 'pw-from-keepassxc', USER: 'app', NPM: 'npm-custom-1234', REG: 'reg-pw-5678' });
  });

  it('reports an ambiguous suffix with the candidate paths and never their values', async () => {
    const dir = temp();
    const db = keepassxcVault(dir, 'team', 'correct horse', entries);
    const out = await resolverFor(dir, wiring(db)).resolve('job', [ref('PW', 'keepass://team/app#db:password')], signal);
    const [failure] = out.failures;
    expect(failure).toMatchObject({ name: 'PW', scheme: 'keepass', code: 'SECRETS_REF_NOT_FOUND', fatal: true });
    expect(failure?.message).toContain('services/test/db');
    expect(failure?.message).toContain('services/prod/db');
    expect(JSON.stringify(out.failures)).not.toMatch(/pw-from-keepassxc|prod-pw-9999/);
    expect(out.env).toEqual({});
  });

  it('names a missing entry or field as SECRETS_REF_NOT_FOUND and a wrong password as SECRETS_PROVIDER_UNAVAILABLE', async () => {
    const dir = temp();
    const db = keepassxcVault(dir, 'team', 'correct horse', entries);
    const missing = await resolverFor(dir, wiring(db)).resolve('job', [
      ref('A', 'keepass://team/app#services/nope:password'),
      ref('B', 'keepass://team/app#services/test/db:nope', { required: false }),
    ], signal);
    expect(missing.failures.map((f) => [f.name, f.code, f.fatal])).toEqual([['A', 'SECRETS_REF_NOT_FOUND', true], ['B', 'SECRETS_REF_NOT_FOUND', false]]);
    const wrong = await resolverFor(dir, wiring(db, { TEAM_PW: 'wrong horse' })).resolve('job', [ref('A', 'keepass://team/app#db:password')], signal);
    expect(wrong.failures[0]).toMatchObject({ code: 'SECRETS_PROVIDER_UNAVAILABLE' });
    expect(wrong.failures[0]?.message).toMatch(/wrong password or keyfile/);
    expect(wrong.failures[0]?.message).not.toContain('wrong horse');
  });

  it('opens a password + keyfile vault made by keepassxc-cli', async () => {
    const dir = temp();
    const keyfile = join(dir, 'team.keyx');
    const db = keepassxcVault(dir, 'team', 'correct horse', entries, keyfile);
    const env = wiring(db, { LOOM_KEEPASS_DB_TEAM_APP_KEYFILE_ENV: 'TEAM_KEY', TEAM_KEY: keyfile });
    const out = await resolverFor(dir, env).resolve('job', [ref('PW', 'keepass://team/app#test/db:password')], signal);
    expect(out.env).toEqual({ PW: 'pw-from-keepassxc' });
    const noKey = await resolverFor(dir, wiring(db)).resolve('job', [ref('PW', 'keepass://team/app#test/db:password')], signal);
    expect(noKey.failures[0]?.code).toBe('SECRETS_PROVIDER_UNAVAILABLE');
  });

  it('opens a vault once per run, however many jobs and secrets use it', async () => {
    const dir = temp();
    const db = keepassxcVault(dir, 'team', 'correct horse', entries);
    const resolver = resolverFor(dir, wiring(db));
    await resolver.resolve('one', [ref('PW', 'keepass://team/app#test/db:password'), ref('R', 'keepass://team/app#registry:password')], signal);
    await rm(db);
    const second = await resolver.resolve('two', [ref('PW', 'keepass://team/app#prod/db:password')], signal);
    expect(second.env).toEqual({ PW: 'prod-pw-9999' });
  });
});

describeWithRequirement('KDBX 4 vaults made by Loom, read by keepassxc-cli', keepassxcRequirement, () => {
  it('writes Argon2id KDBX 4 with standard and custom fields that keepassxc-cli reads, and Loom reads back', async () => {
    const dir = temp();
    const tools = await loadKeepassTools();
    const path = join(dir, 'loom.kdbx');
    const db = await tools.createVault(path, { password: 'pw 4 loom' }, SMALL_KDF);
    tools.setField(db, ['services', 'test', 'db'], 'password', 'kdbx4-password-1');
    tools.setField(db, ['services', 'test', 'db'], 'DOCKER_TOKEN', 'kdbx4-custom-2');
    await tools.saveVault(db, path);
    const info = keepassxc(['db-info', '-q', path], 'pw 4 loom\n');
    expect(info.stdout).toMatch(/KDF: Argon2id/);
    const shown = keepassxc(['show', '-q', '-s', '-a', 'Password', '-a', 'DOCKER_TOKEN', path, 'services/test/db'], 'pw 4 loom\n');
    expect(shown.stdout).toBe('kdbx4-password-1\nkdbx4-custom-2\n');
    // keepassxc-cli adds an entry; the file stays KDBX 4 and Loom reads both.
    expect(keepassxc(['add', '-q', '-p', path, 'services/added'], 'pw 4 loom\nadded-pw-3\nadded-pw-3\n').status).toBe(0);
    const env = { LOOM_KEEPASS_DB_LOCAL_PATH: path, LOOM_KEEPASS_DB_LOCAL_PASSWORD_ENV: 'P', P: 'pw 4 loom' };
    const out = await resolverFor(dir, env).resolve('job', [ref('A', 'keepass://local#added:password'), ref('B', 'keepass://local#db:DOCKER_TOKEN')], signal);
    expect(out.env).toEqual({ A: 'added-pw-3', B: 'kdbx4-custom-2' });
  });

  it('writes keyfile-only and password + keyfile vaults that keepassxc-cli opens', async () => {
    const dir = temp();
    const tools = await loadKeepassTools();
    const keyfile = join(dir, 'loom.keyx');
    await tools.createKeyfile(keyfile);
    for (const [name, key, args, stdin] of [
      ['keyonly', { keyfilePath: keyfile }, ['--no-password', '-k', keyfile], ''],
      ['both', { keyfilePath: keyfile, password: 'pw+key' }, ['-k', keyfile], 'pw+key\n'],
    ] as const) {
      const path = join(dir, `${name}.kdbx`);
      const db = await tools.createVault(path, key, SMALL_KDF);
      tools.setField(db, ['ci', 'token'], 'API_KEY', `custom-${name}-77`);
      await tools.saveVault(db, path);
      const shown = keepassxc(['show', '-q', '-s', ...args, '-a', 'API_KEY', path, 'ci/token'], stdin);
      expect(shown.stdout, shown.stderr).toBe(`custom-${name}-77\n`);
    }
  });

  it('lists entry paths and field names, never values', async () => {
    const dir = temp();
    const tools = await loadKeepassTools();
    const path = join(dir, 'list.kdbx');
    const db = await tools.createVault(path, { password: 'x' }, SMALL_KDF);
    tools.setField(db, ['b', 'two'], 'token', 'v2-secret');
    tools.setField(db, ['a', 'one'], 'password', 'v1-secret');
    expect(tools.listFields(db)).toEqual([
      { path: 'a/one', fields: ['Password'] },
      { path: 'b/two', fields: ['token'] },
    ]);
  });
});

it('reports an unreadable database file as SECRETS_PROVIDER_UNAVAILABLE', async () => {
  const dir = temp();
  const path = join(dir, 'garbage.kdbx');
  await writeFile(path, 'not a database');
  const env = { LOOM_KEEPASS_DB_LOCAL_PATH: path, LOOM_KEEPASS_DB_LOCAL_PASSWORD_ENV: 'P', P: 'x' };
  const out = await resolverFor(dir, env).resolve('job', [ref('A', 'keepass://local#a:password')], signal);
  expect(out.failures[0]).toMatchObject({ code: 'SECRETS_PROVIDER_UNAVAILABLE', scheme: 'keepass' });
  const gone = await resolverFor(dir, { ...env, LOOM_KEEPASS_DB_LOCAL_PATH: join(dir, 'missing.kdbx') }).resolve('job', [ref('A', 'keepass://local#a:password')], signal);
  expect(gone.failures[0]?.message).toMatch(/cannot read the database .*missing\.kdbx \(ENOENT\)/);
});
