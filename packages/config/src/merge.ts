/**
 * Field-wise merge (runtime-config.md "Merge rules"): each layer's settings are leaves; a later layer wins
 * only for the leaves it sets, so KeePass aliases merge by alias name and field.
 */
import type { ConfigValue, KeepassAlias, LayerSetting, RuntimeConfig, WorkspaceMount } from './model.js';

const leafId = (path: string[]): string => JSON.stringify(path);

export function mergeLayers(layers: LayerSetting[][]): ConfigValue[] {
  const byLeaf = new Map<string, LayerSetting>();
  for (const layer of layers) for (const setting of layer) byLeaf.set(leafId(setting.path), setting);
  return [...byLeaf.values()].sort(displayOrder).map((s) => ({ path: s.path, key: s.path.join('.'), value: s.value, origin: s.origin }));
}

const ORDER = ['runtime.docker.workspaceMount', 'runtime.concurrency', 'runtime.cache.dir', 'providers.keepass.aliases', 'providers.op.serviceAccountTokenEnv'];
const FIELD_ORDER = ['path', 'passwordEnv', 'keyfileEnv'];

function rank(path: string[]): [number, string, number] {
  const joined = path.join('.');
  const top = ORDER.findIndex((prefix) => joined === prefix || joined.startsWith(`${prefix}.`));
  return path[2] === 'aliases' ? [top, path[3] ?? '', FIELD_ORDER.indexOf(path[4] ?? '')] : [top, '', 0];
}

function displayOrder(a: LayerSetting, b: LayerSetting): number {
  const [ta, na, fa] = rank(a.path);
  const [tb, nb, fb] = rank(b.path);
  return ta - tb || (na < nb ? -1 : na > nb ? 1 : 0) || fa - fb;
}

/** The merged leaves as the typed config; every non-alias leaf is set by the defaults layer. */
export function buildConfig(values: ConfigValue[]): RuntimeConfig {
  const get = (key: string): string | number | undefined => values.find((v) => v.key === key)?.value;
  const aliases: Record<string, KeepassAlias> = {};
  for (const { path, value } of values) {
    if (path[2] !== 'aliases') continue;
    const alias = (aliases[path[3] as string] ??= {});
    alias[path[4] as keyof KeepassAlias] = String(value);
  }
  return {
    runtime: {
      docker: { workspaceMount: get('runtime.docker.workspaceMount') as WorkspaceMount },
      concurrency: Number(get('runtime.concurrency')),
      cache: { dir: String(get('runtime.cache.dir')) },
    },
    providers: {
      keepass: { aliases },
      op: { serviceAccountTokenEnv: String(get('providers.op.serviceAccountTokenEnv')) },
    },
  };
}
