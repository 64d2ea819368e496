/**
 * `cache` as written, in each layer (cache.md §2–3): a mapping (one entry), a sequence of named entries, or
 * null / [] (caching off). Whether `paths` is present is only known after the named merge (cache-merge.ts).
 */
import { expectBoolean, expectMapping, expectString, expectStrings, expectWorkspacePaths, label, rejectUnknownKeys, requireKey, type Scope } from './checks.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { CACHE_POLICIES, CACHE_WHENS, has, isMapping, kindOf, shown } from './shapes.js';

const CACHE_KEYS = new Set(['name', 'disabled', 'paths', 'key', 'fallback_keys', 'policy', 'when']);
const KEY_KEYS = new Set(['prefix', 'files', 'template']);
const POLICIES: ReadonlySet<string> = new Set(CACHE_POLICIES);
const WHENS: ReadonlySet<string> = new Set(CACHE_WHENS);

export function checkCache(scope: Scope, place: Place, value: unknown): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    checkSequenceForm(scope, place, value);
    return;
  }
  if (!isMapping(value)) {
    scope.report.error(place, msg.expected('mapping, sequence or null', label(scope, place), kindOf(value)));
    return;
  }
  checkEntry(scope, place, value);
  if (has(value, 'disabled')) scope.report.error(child(place, 'disabled'), msg.cacheDisabledInMapping(), { at: 'key' });
  if (has(value, 'name')) expectString(scope, child(place, 'name'), value.name);
}

function checkSequenceForm(scope: Scope, place: Place, entries: unknown[]): void {
  const names = new Set<string>();
  entries.forEach((entry, index) => {
    const at = child(place, index);
    if (!expectMapping(scope, at, entry)) return;
    checkEntry(scope, at, entry);
    if (has(entry, 'disabled')) expectBoolean(scope, child(at, 'disabled'), entry.disabled);
    if (!requireKey(scope, at, entry, 'name', msg.cacheMissingName(index))) return;
    if (!expectString(scope, child(at, 'name'), entry.name)) return;
    if (names.has(entry.name)) scope.report.error(child(at, 'name'), msg.cacheDuplicateName(entry.name));
    names.add(entry.name);
  });
}

function checkEntry(scope: Scope, at: Place, entry: Record<string, unknown>): void {
  rejectUnknownKeys(scope, at, entry, CACHE_KEYS, msg.cacheUnknownKey());
  if (has(entry, 'paths')) expectWorkspacePaths(scope, child(at, 'paths'), entry.paths);
  if (has(entry, 'key')) checkKey(scope, child(at, 'key'), entry.key);
  if (has(entry, 'fallback_keys')) expectStrings(scope, child(at, 'fallback_keys'), entry.fallback_keys);
  if (has(entry, 'policy') && !POLICIES.has(entry.policy as string)) scope.report.error(child(at, 'policy'), msg.cachePolicy(shown(entry.policy)));
  if (has(entry, 'when') && !WHENS.has(entry.when as string)) scope.report.error(child(at, 'when'), msg.cacheWhen(shown(entry.when)));
}

/** A string key is a template; a mapping has `prefix`, `files` and/or `template` (cache.md §4). */
function checkKey(scope: Scope, at: Place, key: unknown): void {
  if (typeof key === 'string') {
    expectString(scope, at, key);
    return;
  }
  if (!isMapping(key)) {
    scope.report.error(at, msg.expected('string or mapping', label(scope, at), kindOf(key)));
    return;
  }
  rejectUnknownKeys(scope, at, key, KEY_KEYS, msg.cacheKeyUnknownKey());
  if (!Object.keys(key).some((k) => KEY_KEYS.has(k))) scope.report.error(at, msg.cacheKeyEmpty());
  if (has(key, 'prefix')) expectString(scope, child(at, 'prefix'), key.prefix);
  if (has(key, 'template')) expectString(scope, child(at, 'template'), key.template);
  // Globs, but like paths they may not leave the workspace (@loom/cache-key refuses them at run time too).
  if (has(key, 'files')) expectWorkspacePaths(scope, child(at, 'files'), key.files);
}
