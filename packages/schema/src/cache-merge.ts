/**
 * The named cache merge of workflow-syntax §5: a layer's entry whose `name` matches an entry of the layer
 * below inherits that entry's fields (the seed's `- name: pnpm` / `policy: pull`); entries with new names are
 * taken as written; entries the more specific layer does not name are dropped. `paths` is required on the
 * merged entry only.
 */
import type { CacheEntry, CacheKeySpec, CachePolicy, CacheWhen } from './model.js';
import { msg } from './messages.js';
import { child, type Place, type Report } from './report.js';
import { deepMerge, type Layer } from './merge.js';
import { has, isMapping } from './shapes.js';

interface NamedEntry {
  name: string;
  fields: Record<string, unknown>;
  /** Where the most specific part of the entry was written. */
  place: Place;
}

function layerEntries(layer: Layer): NamedEntry[] {
  const value = layer.raw.cache;
  const place = child(layer.place, 'cache');
  if (isMapping(value)) return [{ name: typeof value.name === 'string' ? value.name : 'default', fields: value, place }];
  if (!Array.isArray(value)) return [];
  return value.map((entry, i) => ({ name: (entry as Record<string, string>).name as string, fields: entry as Record<string, unknown>, place: child(place, i) }));
}

export function mergeCache(layers: readonly Layer[]): NamedEntry[] {
  let current: NamedEntry[] = [];
  for (const layer of layers) {
    if (!has(layer.raw, 'cache')) continue;
    current = layerEntries(layer).map((entry) => {
      const base = current.find((c) => c.name === entry.name);
      return base ? { ...entry, fields: deepMerge(base.fields, entry.fields) as Record<string, unknown> } : entry;
    });
  }
  return current;
}

/** Normalised entries; a missing `paths` is reported where the entry's most specific part was written. */
export function finishCache(entries: readonly NamedEntry[], report: Report): CacheEntry[] | undefined {
  let ok = true;
  const out = entries.map((entry): CacheEntry => {
    const f = entry.fields;
    const disabled = f.disabled === true;
    if (!disabled && !has(f, 'paths')) {
      report.error(entry.place, msg.cacheMissingPaths(entry.name), { at: 'key' });
      ok = false;
    }
    return {
      name: entry.name,
      disabled,
      paths: [...((f.paths as string[] | undefined) ?? [])],
      ...(has(f, 'key') ? { key: normaliseKey(f.key) } : {}),
      fallbackKeys: [...((f.fallback_keys as string[] | undefined) ?? [])],
      policy: (f.policy as CachePolicy | undefined) ?? 'pull-push',
      when: (f.when as CacheWhen | undefined) ?? 'on_success',
    };
  });
  return ok ? out : undefined;
}

function normaliseKey(key: unknown): string | CacheKeySpec {
  if (typeof key === 'string') return key;
  const k = key as Record<string, unknown>;
  return {
    ...(typeof k.prefix === 'string' ? { prefix: k.prefix } : {}),
    ...(Array.isArray(k.files) ? { files: [...(k.files as string[])] } : {}),
    ...(typeof k.template === 'string' ? { template: k.template } : {}),
  };
}
