/**
 * The official `@1password/sdk` (loaded on first use: its WASM core is 14 MB), authenticated with a
 * service-account token read from the env var `tokenEnv` names. Failures are `SECRETS_PROVIDER_UNAVAILABLE`
 * (no token, client init or authentication failed, service unreachable) or `SECRETS_REF_NOT_FOUND`
 * (vault, item or field missing). The token never appears in a message.
 */
import type { Client } from '@1password/sdk';
import { notFound, unavailable } from '../codes.js';

export type OpClient = Client;
/** The SDK requires an integration name and version; 1Password sees them in its activity log. */
const SDK_INTEGRATION_VERSION = '0.1.0';

const scrub = (text: string, token: string): string => (token.length > 0 ? text.split(token).join('[token]') : text);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function opClient(env: Record<string, string | undefined>, tokenEnv: string): Promise<OpClient> {
  const token = env[tokenEnv];
  if (token === undefined || token === '') {
    throw unavailable(`op://: ${tokenEnv} is ${token === undefined ? 'not set' : 'empty'}`, `export ${tokenEnv}=<1Password service-account token> in the shell that runs loom`);
  }
  const sdk = await import('@1password/sdk');
  try {
    return await sdk.createClient({ auth: token, integrationName: 'Loom', integrationVersion: SDK_INTEGRATION_VERSION });
  } catch (error) {
    throw unavailable(
      `op://: the 1Password SDK could not sign in with the token in ${tokenEnv}: ${scrub(messageOf(error), token)}`,
      'check the token, and that this machine can reach 1Password',
    );
  }
}

/** Wraps an SDK call made after sign-in: a failure there means the service, not the ref. */
export async function serviceCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw unavailable(`op://: ${what} failed: ${messageOf(error)}`, 'check that this machine can reach 1Password and the service account can read the vault');
  }
}

export async function findVault(client: OpClient, vault: string): Promise<{ id: string; title: string }> {
  const vaults = await serviceCall('listing vaults', () => client.vaults.list());
  const found = vaults.find((v) => v.title === vault || v.id === vault);
  if (found === undefined) throw notFound(`op://${vault}: no vault with that name or id is readable by the service account`, 'list vaults with `loom secrets op vault list`');
  return found;
}

/** Item paths are item titles (`services/loom/deploy`), as `loom secrets op item create` writes them. */
export async function findItemField(client: OpClient, vaultId: string, itemPath: string, field: string): Promise<string> {
  const items = await serviceCall('listing items', () => client.items.list(vaultId));
  const item = items.find((i) => i.title === itemPath || i.id === itemPath);
  if (item === undefined) throw notFound(`op://…/${itemPath}: no such item in the vault`, 'list items with `loom secrets op item list --vault <vault>`');
  const full = await serviceCall('reading the item', () => client.items.get(vaultId, item.id));
  const found = full.fields.find((f) => f.title === field || f.id === field);
  if (found === undefined) throw notFound(`op://…/${itemPath}/${field}: the item has no such field`, 'list fields with `loom secrets op item list --vault <vault>`');
  return found.value;
}
