import { describe, expect, it } from 'vitest';
import { checkSecretRef, parseSecretRef } from '@loom/secrets';

describe('parseSecretRef', () => {
  it('parses the three schemes', () => {
    expect(parseSecretRef('env://DEPLOY_TOKEN')).toEqual({ scheme: 'env', variable: 'DEPLOY_TOKEN' });
    expect(parseSecretRef('keepass://beepbeepgo/loom-platform/loom#services/test/db:password')).toEqual({
      scheme: 'keepass',
      alias: 'beepbeepgo/loom-platform/loom',
      entryPath: ['services', 'test', 'db'],
      field: 'password',
    });
    expect(parseSecretRef('op://Engineering/services/loom/deploy/token')).toEqual({
      scheme: 'op',
      vault: 'Engineering',
      itemPath: ['services', 'loom', 'deploy'],
      field: 'token',
      uri: 'op://Engineering/services/loom/deploy/token',
    });
  });

  it('splits the keepass entry path and field at the last colon', () => {
    expect(parseSecretRef('keepass://local#a:b/c:field')).toMatchObject({ entryPath: ['a:b', 'c'], field: 'field' });
  });

  it.each([
    ['vault://x', 'unknown scheme "vault://"'],
    ['DEPLOY_TOKEN', 'not a provider URI'],
    ['env://', 'env:// needs one environment variable name'],
    ['env://A-B', 'env:// needs one environment variable name'],
    ['keepass://local', 'missing "#"'],
    ['keepass://#a:b', 'alias before "#" is empty'],
    ['keepass://local#entry', 'missing ":<field>"'],
    ['keepass://local#a//b:f', 'empty segment'],
    ['keepass://local#a/b:', 'field after the last ":" is empty'],
    ['op://vault/field', 'needs a vault, an item path and a field'],
    ['op://v/item/field?x=1', 'query strings and fragments'],
    ['op://v/item/field#frag', 'query strings and fragments'],
    ['op://v//field', 'a segment is empty'],
  ])('rejects %s with SECRETS_REF_INVALID', (ref, why) => {
    const result = checkSecretRef(ref);
    expect('error' in result && result.error.code).toBe('SECRETS_REF_INVALID');
    expect('error' in result && result.error.message).toContain(why);
    expect('error' in result && result.error.hint).toBeTruthy();
  });
});
