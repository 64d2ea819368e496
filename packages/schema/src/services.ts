/**
 * Job `services` (gap 2): a sequence of `{name, alias?, entrypoint?, command?, variables?}`. The host name is
 * the explicit alias, else derived from the image: `registry.x/lib/postgres:16` → `postgres`.
 */
import { expectMapping, expectSequence, expectString, expectStrings, rejectUnknownKeys, requireKey, type Scope } from './checks.js';
import type { ServiceDecl } from './model.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { has, HOST_NAME } from './shapes.js';
import { checkVariables } from './variables.js';

const SERVICE_KEYS = new Set(['name', 'alias', 'entrypoint', 'command', 'variables']);

export function checkServices(scope: Scope, place: Place, value: unknown): void {
  if (!expectSequence(scope, place, value)) return;
  const aliases = new Set<string>();
  value.forEach((service, index) => {
    const at = child(place, index);
    if (!expectMapping(scope, at, service)) return;
    rejectUnknownKeys(scope, at, service, SERVICE_KEYS, msg.serviceUnknownKey());
    const named = requireKey(scope, at, service, 'name', msg.serviceMissingName(index)) && expectString(scope, child(at, 'name'), service.name);
    if (has(service, 'alias') && typeof service.alias !== 'string') expectString(scope, child(at, 'alias'), service.alias);
    else if (has(service, 'alias') && !HOST_NAME.test(service.alias as string)) scope.report.error(child(at, 'alias'), msg.serviceAlias(index));
    for (const key of ['entrypoint', 'command']) if (has(service, key)) expectStrings(scope, child(at, key), service[key]);
    if (has(service, 'variables')) checkVariables(scope, child(at, 'variables'), service.variables);
    if (!named) return;
    const alias = typeof service.alias === 'string' ? service.alias : deriveAlias(service.name as string);
    if (aliases.has(alias)) scope.report.error(has(service, 'alias') ? child(at, 'alias') : child(at, 'name'), msg.serviceDuplicateAlias(index, alias));
    aliases.add(alias);
  });
}

/** Image basename without registry, namespace, tag or digest (GitLab's rule): `loom-local/postgres:15` → `postgres`. */
export function deriveAlias(image: string): string {
  const withoutDigest = image.split('@')[0] as string;
  const last = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return last.split(':')[0] as string;
}

export function normaliseServices(value: Record<string, unknown>[] | undefined): ServiceDecl[] {
  return (value ?? []).map((service) => ({
    name: service.name as string,
    alias: typeof service.alias === 'string' ? service.alias : deriveAlias(service.name as string),
    ...(Array.isArray(service.entrypoint) ? { entrypoint: [...(service.entrypoint as string[])] } : {}),
    ...(Array.isArray(service.command) ? { command: [...(service.command as string[])] } : {}),
    variables: { ...((service.variables as Record<string, string> | undefined) ?? {}) },
  }));
}
