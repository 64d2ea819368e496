import { describe, expect, it } from 'vitest';
import { aliasKey, keepassAlias, keepassCredentials } from '@loom/secrets';

describe('keepass alias wiring', () => {
  it('turns aliases into env keys', () => {
    expect(aliasKey('local')).toBe('LOCAL');
    expect(aliasKey('group/project/repo')).toBe('GROUP_PROJECT_REPO');
    expect(aliasKey('beepbeepgo/loom-platform/loom')).toBe('BEEPBEEPGO_LOOM_PLATFORM_LOOM');
  });

  it('layers the env overlay over config aliases field by field, matching config names by key', () => {
    const config = { 'team/app': { path: '/cfg/team.kdbx', passwordEnv: 'CFG_PW', keyfileEnv: 'CFG_KEY' } };
    const env = { LOOM_KEEPASS_DB_TEAM_APP_PATH: '/env/team.kdbx', LOOM_KEEPASS_DB_TEAM_APP_KEYFILE_ENV: '' };
    expect(keepassAlias('team/app', env, config)).toEqual({ path: '/env/team.kdbx', passwordEnv: 'CFG_PW', keyfileEnv: 'CFG_KEY' });
    expect(keepassAlias('TEAM-APP', env, config).path).toBe('/env/team.kdbx');
  });

  it('follows the indirection to credentials, naming variables and never values', () => {
    const env = { LOOM_KEEPASS_DB_LOCAL_PATH: '/v.kdbx', LOOM_KEEPASS_DB_LOCAL_PASSWORD_ENV: 'PW', PW: 'hunter22' };
    expect(keepassCredentials('local', env)).toEqual({ path: '/v.kdbx', password: 'hunter22' });
    expect(() => keepassCredentials('local', { ...env, PW: '' })).toThrow(/master password variable PW is not set/);
    expect(() => keepassCredentials('other', env)).toThrow(/LOOM_KEEPASS_DB_OTHER_PATH is not set/);
    expect(() => keepassCredentials('local', { LOOM_KEEPASS_DB_LOCAL_PATH: '/v.kdbx' })).toThrow(/no credentials/);
    try {
      keepassCredentials('local', { ...env, PW: undefined });
    } catch (error) {
      expect((error as { code: string }).code).toBe('SECRETS_PROVIDER_UNAVAILABLE');
    }
  });
});
