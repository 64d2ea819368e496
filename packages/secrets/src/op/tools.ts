/** What `loom secrets op` does: list vaults, create an item field, list item fields (never values). */
import { ItemCategory, ItemFieldType } from '@1password/sdk';
import { type OpClient, findVault, opClient, serviceCall } from './client.js';

export { opClient };

export async function listVaults(client: OpClient): Promise<{ id: string; title: string }[]> {
  const vaults = await serviceCall('listing vaults', () => client.vaults.list());
  return vaults.map((v) => ({ id: v.id, title: v.title }));
}

export async function createItemField(client: OpClient, vault: string, itemPath: string, field: string, value: string): Promise<{ vault: string }> {
  const found = await findVault(client, vault);
  await serviceCall('creating the item', () =>
    client.items.create({
      category: ItemCategory.ApiCredentials,
      vaultId: found.id,
      title: itemPath,
      fields: [{ id: field, title: field, fieldType: ItemFieldType.Concealed, value }],
    }),
  );
  return { vault: found.title };
}

export async function listItemFields(client: OpClient, vault: string): Promise<{ path: string; field: string }[]> {
  const found = await findVault(client, vault);
  const items = await serviceCall('listing items', () => client.items.list(found.id));
  const out: { path: string; field: string }[] = [];
  for (const item of items) {
    const full = await serviceCall('reading an item', () => client.items.get(found.id, item.id));
    for (const f of full.fields) out.push({ path: item.title, field: f.title });
  }
  return out;
}
