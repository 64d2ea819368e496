/**
 * Layer merging (gap 6): mappings merge key by key, recursively; sequences and scalars of the more specific
 * layer replace the less specific one. Layers are default < templates from extends (base first) < the job.
 */
import type { Owner } from './checks.js';
import { setKey } from './yaml/locs.js';
import type { Place } from './report.js';
import { has, isMapping } from './shapes.js';

/** One definition as written: `default`, a template or a job, with the keywords whose value had issues. */
export interface Layer {
  owner: Owner;
  place: Place;
  raw: Record<string, unknown>;
  bad: ReadonlySet<string>;
}

export interface Merged {
  values: Record<string, unknown>;
  /** Keywords with an issue in some layer: checks on the merged result skip them (no cascades). */
  poisoned: Set<string>;
  /** The most specific layer that set each keyword. */
  origin: Map<string, Layer>;
}

export function deepMerge(low: unknown, high: unknown): unknown {
  if (!isMapping(low) || !isMapping(high)) return high;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(low)) setKey(out, k, low[k]);
  for (const k of Object.keys(high)) setKey(out, k, has(out, k) ? deepMerge(out[k], high[k]) : high[k]);
  return out;
}

/** Merges every keyword except `extends` (resolved separately) and `cache` (merged by entry name). */
export function mergeLayers(layers: readonly Layer[]): Merged {
  const merged: Merged = { values: {}, poisoned: new Set(), origin: new Map() };
  for (const layer of layers) {
    for (const key of Object.keys(layer.raw)) {
      if (key === 'extends' || key === 'cache') continue;
      const value = layer.raw[key];
      if (layer.bad.has(key)) merged.poisoned.add(key);
      setKey(merged.values, key, has(merged.values, key) ? deepMerge(merged.values[key], value) : value);
      merged.origin.set(key, layer);
    }
    if (layer.bad.has('cache')) merged.poisoned.add('cache');
  }
  return merged;
}

/** The most specific layer in which `path` (below the definition) exists. */
export function originOf(layers: readonly Layer[], path: readonly string[]): Layer | undefined {
  for (let i = layers.length - 1; i >= 0; i--) {
    let node: unknown = (layers[i] as Layer).raw;
    let found = true;
    for (const seg of path) {
      if (!isMapping(node) || !has(node, seg)) {
        found = false;
        break;
      }
      node = node[seg];
    }
    if (found) return layers[i];
  }
  return undefined;
}
