import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretRef } from '@loom/contracts';
import { createSecretResolver, loadOpTools } from '@loom/secrets';
import { useTempDirs } from '@loom/test-kit';

const temp = useTempDirs();
const signal = new AbortController().signal;
const ref = (uri: string): SecretRef => ({ name: 'TOKEN', ref: uri, file: false, required: true });

/**
 * A well-formed service-account token (the SDK's `ServiceAccountCredentials`, base64url JSON) for an account
 * on a host that never resolves (`.invalid`, RFC 2606): the real SDK gets as far as the network.
 */
function unreachableToken(): string {
  const creds = {
    signInAddress: 'loom-unreachable.invalid',
    email: 'loom@example.com',
    secretKey: 'A3-ABCDEF-GHJKLM-NPQRS-TVWXY-Z2345-6789A',
    srpX: 'a'.repeat(64),
    muk: { alg: 'A256GCM', ext: true, k: 'a'.repeat(43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
    userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: 'a'.repeat(22) },
    deviceUuid: 'a'.repeat(26),
    throttleSecret: { seed: 'a'.repeat(64), uuid: 'a'.repeat(26) },
  };
  return `ops_${Buffer.from(JSON.stringify(creds)).toString('base64url')}`;
}

describe('op:// through the real @1password/sdk', () => {
  it('fails at once with SECRETS_PROVIDER_UNAVAILABLE when the token variable is missing or empty', async () => {
    for (const env of [{}, { OP_SERVICE_ACCOUNT_TOKEN: '' }]) {
      const resolver = createSecretResolver({ env, runId: 'loom-run-local-1', tmpRoot: join(temp(), 'r') });
      const out = await resolver.resolve('job', [ref('op://Engineering/services/loom/deploy/token')], signal);
      expect(out.failures[0]).toMatchObject({ scheme: 'op', code: 'SECRETS_PROVIDER_UNAVAILABLE', fatal: true });
      expect(out.failures[0]?.message).toMatch(/OP_SERVICE_ACCOUNT_TOKEN is (not set|empty)/);
    }
  });

  it('reads the token from the variable runtime config names', async () => {
    const resolver = createSecretResolver({ env: { OP_SERVICE_ACCOUNT_TOKEN: 'ignored' }, opTokenEnv: 'LOOM_OP_TOKEN', runId: 'loom-run-local-1', tmpRoot: join(temp(), 'r') });
    const out = await resolver.resolve('job', [ref('op://v/item/field')], signal);
    expect(out.failures[0]?.message).toContain('LOOM_OP_TOKEN is not set');
  });

  it('reports an unusable token and an unreachable service as SECRETS_PROVIDER_UNAVAILABLE without echoing the token', async () => {
    const token = unreachableToken();
    for (const [auth, why] of [['ops_not-a-token', /could not sign in/], [token, /could not sign in.*error sending request/]] as const) {
      const resolver = createSecretResolver({ env: { OP_SERVICE_ACCOUNT_TOKEN: auth }, runId: 'loom-run-local-1', tmpRoot: join(temp(), 'r') });
      const out = await resolver.resolve('job', [ref('op://Engineering/deploy/token')], signal);
      expect(out.failures[0]).toMatchObject({ scheme: 'op', code: 'SECRETS_PROVIDER_UNAVAILABLE' });
      expect(out.failures[0]?.message).toMatch(why);
      expect(JSON.stringify(out.failures)).not.toContain(auth);
    }
  });

  it('the loom secrets op tools fail the same way', async () => {
    const tools = await loadOpTools();
    await expect(tools.opClient({}, 'OP_SERVICE_ACCOUNT_TOKEN')).rejects.toMatchObject({ code: 'SECRETS_PROVIDER_UNAVAILABLE' });
  });
});
