/** Small shape helpers shared by the keyword checks. */
import type { Segment } from './source.js';

export type Kind = 'null' | 'string' | 'number' | 'boolean' | 'sequence' | 'mapping';

export function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'sequence';
  if (typeof value === 'object') return 'mapping';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as a message shows it: strings quoted, collections by kind. */
export function shown(value: unknown): string {
  const kind = kindOf(value);
  if (kind === 'string') return JSON.stringify(value);
  if (kind === 'sequence' || kind === 'mapping') return `a ${kind}`;
  return String(value ?? null);
}

/** `cache[0].paths` for the path below an owner (job, default or root). */
export function labelOf(path: readonly Segment[], from: number): string {
  let label = '';
  for (let i = from; i < path.length; i++) {
    const seg = path[i] as Segment;
    label += typeof seg === 'number' ? `[${seg}]` : label ? `.${seg}` : seg;
  }
  return label;
}

export const STAGE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
export const JOB_NAME = /^\.?[a-z][a-z0-9_-]{0,63}$/;
export const VARIABLE_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Own keys of a mapping: keeps lookups off Object.prototype (`toString:` is just an unknown key). */
export function has(map: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(map, key);
}

/** Root keys that are not jobs (§2). */
export const ROOT_KEYWORDS: ReadonlySet<string> = new Set(['version', 'stages', 'include', 'workflow', 'variables', 'default']);

/** `include[].local` (§6): under .loom/templates/, ending .yml or .yaml, no `..` anywhere. */
export const INCLUDE_LOCAL = /^(?!.*\.\.)\.loom\/templates\/(?:[^/]+\/)*[^/]+\.ya?ml$/;

/** Allowed `cache.policy` and `cache.when` values (the validator and the JSON Schema share them). */
export const CACHE_POLICIES = ['pull', 'push', 'pull-push'] as const;
export const CACHE_WHENS = ['on_success', 'on_failure', 'always'] as const;

/** A service alias: a DNS label. */
export const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
