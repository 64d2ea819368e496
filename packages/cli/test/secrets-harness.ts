/** A KDBX 4 vault (cheap Argon2) wired to the alias `canary/vault` through the env overlay. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadKeepassTools } from '@loom/secrets';

export interface CanaryVault {
  canary: string;
  env: Record<string, string>;
}

export async function canaryVault(dir: string): Promise<CanaryVault> {
  // Characters that base64, URL encoding and shells all treat differently.
  const canary = `canary-${randomBytes(6).toString('hex')}-Zq9/+x&y=`;
  const tools = await loadKeepassTools();
  const path = join(dir, 'canary.kdbx');
  const db = await tools.createVault(path, { password: 'vault-pw' }, { memoryKiB: 1024, iterations: 2, parallelism: 1 });
  tools.setField(db, ['ci', 'canary'], 'password', canary);
  await tools.saveVault(db, path);
  return {
    canary,
    env: { LOOM_KEEPASS_DB_CANARY_VAULT_PATH: path, LOOM_KEEPASS_DB_CANARY_VAULT_PASSWORD_ENV: 'LOOM_CASE_VAULT_PW', LOOM_CASE_VAULT_PW: 'vault-pw' },
  };
}
