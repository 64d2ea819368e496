/** `image`: a string, or `{name, build?: {context, dockerfile}}`; empty string or null means "no image" (host). */
import { expectMapping, expectString, expectWorkspacePath, label, rejectUnknownKeys, requireKey, type Scope } from './checks.js';
import type { ImageRef } from './model.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { has, isMapping, kindOf } from './shapes.js';

const IMAGE_KEYS = new Set(['name', 'build']);
const BUILD_KEYS = new Set(['context', 'dockerfile']);

export function checkImage(scope: Scope, place: Place, value: unknown): void {
  if (value === null || typeof value === 'string') return;
  if (!isMapping(value)) {
    scope.report.error(place, msg.expected('string or mapping', label(scope, place), kindOf(value)));
    return;
  }
  rejectUnknownKeys(scope, place, value, IMAGE_KEYS, msg.imageUnknownKey);
  if (requireKey(scope, place, value, 'name', msg.imageMissing('name'))) expectString(scope, child(place, 'name'), value.name);
  if (!has(value, 'build')) return;
  const buildPlace = child(place, 'build');
  const build = value.build;
  if (!expectMapping(scope, buildPlace, build)) return;
  rejectUnknownKeys(scope, buildPlace, build, BUILD_KEYS, msg.buildUnknownKey());
  // The build reads them from the isolated workspace: a path leaving it would ship files of this machine.
  for (const key of BUILD_KEYS) {
    if (requireKey(scope, buildPlace, build, key, msg.buildMissing(key))) expectWorkspacePath(scope, child(buildPlace, key), build[key]);
  }
}

/** The normalised form of a checked image value; undefined means the job has no image (host provider). */
export function normaliseImage(value: unknown): ImageRef | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : { name: value };
  if (!isMapping(value)) return undefined;
  const build = value.build as Record<string, string> | undefined;
  return {
    name: value.name as string,
    ...(build ? { build: { context: build.context as string, dockerfile: build.dockerfile as string } } : {}),
  };
}
