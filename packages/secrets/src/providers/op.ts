/** `op://<vault>/<item-path>/<field>` through the 1Password SDK; one client per run, made on first use. */
import type { ParsedRef } from '../ref.js';
import { type OpClient, findItemField, findVault, opClient } from '../op/client.js';
import type { ProviderContext, SchemeProvider } from './types.js';

export function createProvider(ctx: ProviderContext): SchemeProvider {
  let client: Promise<OpClient> | undefined;
  return {
    async resolve(ref: ParsedRef): Promise<string> {
      if (ref.scheme !== 'op') throw new Error(`op provider got a ${ref.scheme} ref`);
      const c = await (client ??= opClient(ctx.env, ctx.opTokenEnv));
      const vault = await findVault(c, ref.vault);
      return findItemField(c, vault.id, ref.itemPath.join('/'), ref.field);
    },
  };
}
