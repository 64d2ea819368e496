/**
 * The run's secret resolver (`@loom/secrets`): one per run, wired from the Loom process environment and the
 * runtime config's KeePass aliases and 1Password token variable (the `LOOM_KEEPASS_DB_*` env overlay wins
 * field by field). Every run first sweeps the secret files a killed Loom left behind.
 */
import { createSecretResolver, sweepStaleSecretDirs, type RunSecretResolver } from '@loom/secrets';
import type { RunFlags } from './flags.js';

export async function wireSecrets(runId: string, flags: Pick<RunFlags, 'keepassAliases' | 'opTokenEnv'>): Promise<RunSecretResolver> {
  await sweepStaleSecretDirs().catch(() => 0);
  return createSecretResolver({ env: process.env, runId, keepassAliases: flags.keepassAliases, opTokenEnv: flags.opTokenEnv });
}
