/** `loom secrets op vault list | item create | item list` through the 1Password SDK (`OP_SERVICE_ACCOUNT_TOKEN`). */
import { loadOpTools } from '@loom/secrets';
import { type SecretsFlags, required, secretsUsage, valueOf } from './secrets.js';

const TOKEN_ENV = 'OP_SERVICE_ACCOUNT_TOKEN';

export async function opCommand(noun: string | undefined, verb: string | undefined, flags: SecretsFlags): Promise<number> {
  const known = (noun === 'vault' && verb === 'list') || (noun === 'item' && (verb === 'create' || verb === 'list'));
  if (!known) throw secretsUsage(`unknown command "loom secrets op ${[noun, verb].filter(Boolean).join(' ')}"`);
  const tools = await loadOpTools();
  if (noun === 'vault') {
    const client = await tools.opClient(process.env, TOKEN_ENV);
    for (const v of await tools.listVaults(client)) process.stdout.write(`name=${v.title} id=${v.id}\n`);
    return 0;
  }
  const vault = required(flags, 'vault');
  if (verb === 'create') {
    const itemPath = required(flags, 'item-path');
    const field = required(flags, 'field');
    const value = await valueOf(flags);
    const client = await tools.opClient(process.env, TOKEN_ENV);
    const created = await tools.createItemField(client, vault, itemPath, field, value);
    process.stdout.write(`item field created: vault=${created.vault} item=${itemPath} field=${field}\n`);
    return 0;
  }
  const client = await tools.opClient(process.env, TOKEN_ENV);
  for (const { path, field } of await tools.listItemFields(client, vault)) process.stdout.write(`${path}  ${field}\n`);
  return 0;
}
