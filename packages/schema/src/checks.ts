/** The shared vocabulary of the keyword checks: an owner (job, template, default, root) and typed expectations. */
import { msg } from './messages.js';
import { child, type Place, type Report } from './report.js';
import { has, isMapping, kindOf, labelOf } from './shapes.js';

export interface Owner {
  kind: 'job' | 'template' | 'default' | 'root';
  name: string;
  /** Length of the owner's own path, so labels read `cache[0].paths` rather than `build.cache[0].paths`. */
  depth: number;
}

export interface Scope {
  report: Report;
  owner: Owner;
  /** The workflow's stages, or undefined when `stages` itself is broken (then stage names are not checked). */
  stages: readonly string[] | undefined;
}

export function ownerText(owner: Owner): string {
  if (owner.kind === 'default') return 'default';
  return owner.kind === 'template' ? `template ${JSON.stringify(owner.name)}` : `job ${JSON.stringify(owner.name)}`;
}

export function label(scope: Scope, place: Place): string {
  return labelOf(place.path, scope.owner.depth);
}

/** Reports and returns false unless `value` is a string (non-empty when asked). */
export function expectString(scope: Scope, place: Place, value: unknown, nonEmpty = true): value is string {
  if (typeof value !== 'string') {
    scope.report.error(place, msg.expected('string', label(scope, place), kindOf(value)));
    return false;
  }
  if (nonEmpty && value.trim() === '') {
    scope.report.error(place, msg.nonEmpty(label(scope, place)));
    return false;
  }
  return true;
}

export function expectBoolean(scope: Scope, place: Place, value: unknown): value is boolean {
  if (typeof value === 'boolean') return true;
  scope.report.error(place, msg.expected('boolean', label(scope, place), kindOf(value)));
  return false;
}

export function expectMapping(scope: Scope, place: Place, value: unknown): value is Record<string, unknown> {
  if (isMapping(value)) return true;
  scope.report.error(place, msg.expected('mapping', label(scope, place), kindOf(value)));
  return false;
}

export function expectSequence(scope: Scope, place: Place, value: unknown, nonEmpty = false): value is unknown[] {
  if (!Array.isArray(value)) {
    scope.report.error(place, msg.expected('sequence', label(scope, place), kindOf(value)));
    return false;
  }
  if (nonEmpty && value.length === 0) {
    scope.report.error(place, msg.emptyList(label(scope, place)));
    return false;
  }
  return true;
}

/** A sequence of non-empty strings. */
export function expectStrings(scope: Scope, place: Place, value: unknown, nonEmpty = false): value is string[] {
  if (!expectSequence(scope, place, value, nonEmpty)) return false;
  let ok = true;
  value.forEach((item, i) => {
    ok = expectString(scope, child(place, i), item) && ok;
  });
  return ok;
}

/** Reports each key outside `allowed`, at the key itself; `message` may name the key. */
export function rejectUnknownKeys(
  scope: Scope,
  place: Place,
  map: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  message: string | ((key: string) => string),
): boolean {
  let ok = true;
  for (const key of Object.keys(map)) {
    if (allowed.has(key)) continue;
    scope.report.error(child(place, key), typeof message === 'string' ? message : message(key), { at: 'key' });
    ok = false;
  }
  return ok;
}

/** Reports a missing required key at the mapping's own key. */
export function requireKey(scope: Scope, place: Place, map: Record<string, unknown>, key: string, message: string): boolean {
  if (has(map, key)) return true;
  scope.report.error(place, message, { at: 'key' });
  return false;
}

/** Workspace-relative path lists (cache and artifacts `paths`); each entry is checked on its own. */
export function expectWorkspacePaths(scope: Scope, place: Place, value: unknown): value is string[] {
  if (!expectSequence(scope, place, value, true)) return false;
  let ok = true;
  value.forEach((path, i) => {
    ok = expectWorkspacePath(scope, child(place, i), path) && ok;
  });
  return ok;
}

/** A path relative to the workspace that cannot leave it: not absolute, no `..` segment. */
export function expectWorkspacePath(scope: Scope, place: Place, path: unknown): path is string {
  if (!expectString(scope, place, path)) return false;
  if (path.startsWith('/') || path.split('/').includes('..')) {
    scope.report.error(place, msg.workspacePath(label(scope, place)));
    return false;
  }
  const real = scope.report.escapes?.(path);
  if (real !== undefined) {
    scope.report.error(place, msg.workspacePathEscapes(label(scope, place), path, real));
    return false;
  }
  return true;
}
