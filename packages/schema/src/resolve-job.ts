/**
 * A concrete job after `default` and `extends` merging: the checks only the merged job can answer (required
 * keys, services need an image, a name both variable and secret, cache `paths`), then the normalised `Job`.
 */
import { finishCache, mergeCache } from './cache-merge.js';
import type { Definition } from './definitions.js';
import { normaliseImage } from './image.js';
import { mergeLayers, originOf, type Layer, type Merged } from './merge.js';
import { msg } from './messages.js';
import type { ArtifactsSpec, CacheWhen, Job, SourcePos } from './model.js';
import { child, type Place, type Report } from './report.js';
import { normaliseSecrets } from './secrets.js';
import { normaliseServices } from './services.js';
import { has } from './shapes.js';
import { linePos, locate } from './source.js';

export interface JobContext {
  report: Report;
  defaults: Layer | undefined;
  rootVariables: Record<string, string>;
}

const REQUIRED = ['stage', 'target', 'script'] as const;

export function resolveJob(def: Definition & { layer: Layer }, chain: readonly Definition[], ctx: JobContext): Job | undefined {
  const layers = [...(ctx.defaults ? [ctx.defaults] : []), ...chain.map((d) => d.layer as Layer), def.layer];
  const merged = mergeLayers(layers);
  const before = ctx.report.count;
  for (const key of REQUIRED) {
    if (!has(merged.values, key) && !merged.poisoned.has(key)) ctx.report.error(def.place, msg.missingKey(key, `job ${JSON.stringify(def.name)}`), { at: 'key' });
  }
  checkServicesHaveImage(def, merged, ctx.report);
  const variables = { ...ctx.rootVariables, ...(merged.values.variables as Record<string, string> | undefined) };
  checkSecretNames(def, layers, merged, variables, ctx.report);
  const cache = merged.poisoned.has('cache') ? [] : finishCache(mergeCache(layers), ctx.report);
  if (ctx.report.count !== before || merged.poisoned.size > 0 || !cache) return undefined;
  const job = buildJob(def, chain, merged.values, variables, cache);
  const needsOrigin = merged.origin.get('needs');
  if (job.needs && needsOrigin) job.needsSource = job.needs.map((_, i) => sourcePos(child(needsOrigin.place, 'needs', i)));
  return job;
}

function sourcePos(place: Place, at: 'key' | 'value' = 'value'): SourcePos {
  const pos = linePos(place.doc, locate(place.doc, place.path, at));
  return { file: place.doc.file, line: pos.line, column: pos.column };
}

function checkServicesHaveImage(def: Definition, merged: Merged, report: Report): void {
  const services = merged.values.services;
  if (!Array.isArray(services) || services.length === 0) return;
  if (merged.poisoned.has('image') || merged.poisoned.has('services') || normaliseImage(merged.values.image)) return;
  const origin = merged.origin.get('services');
  const place = origin?.owner.name === def.name ? child(def.place, 'services') : def.place;
  report.error(place, msg.servicesWithoutImage(def.name), { at: 'key' });
}

function checkSecretNames(def: Definition, layers: readonly Layer[], merged: Merged, variables: Record<string, string>, report: Report): void {
  if (merged.poisoned.has('secrets') || merged.poisoned.has('variables')) return;
  for (const name of Object.keys((merged.values.secrets as Record<string, unknown> | undefined) ?? {})) {
    if (!has(variables, name)) continue;
    const origin = originOf(layers, ['secrets', name]) as Layer;
    report.error(child(origin.place, 'secrets', name), msg.secretAndVariable(name, def.name), { at: 'key' });
  }
}

function buildJob(
  def: Definition,
  chain: readonly Definition[],
  v: Record<string, unknown>,
  variables: Record<string, string>,
  cache: Job['cache'],
): Job {
  const job: Job = {
    name: def.name,
    stage: v.stage as string,
    target: 'linux',
    script: (v.script as string[]).slice(),
    variables,
    secrets: normaliseSecrets(v.secrets as Record<string, Record<string, unknown>> | undefined),
    services: normaliseServices(v.services as Record<string, unknown>[] | undefined),
    cache,
    extends: chain.map((d) => d.name).reverse(),
    source: sourcePos(def.place, 'key'),
  };
  // Optional keys are absent rather than undefined, so consumers can tell "not written" with `in`.
  if (Array.isArray(v.needs)) Object.assign(job, normaliseNeeds(v.needs as (string | { job: string; artifacts?: boolean })[]));
  const image = normaliseImage(v.image);
  if (image) job.image = image;
  if (typeof v.runner_pool === 'string') job.runnerPool = v.runner_pool;
  if (v.invariant !== undefined) job.invariant = v.invariant as Record<string, unknown>;
  if (v.artifacts !== undefined) job.artifacts = normaliseArtifacts(v.artifacts as { paths: string[]; exclude?: string[]; when?: CacheWhen });
  return job;
}

function normaliseNeeds(entries: (string | { job: string; artifacts?: boolean })[]): Pick<Job, 'needs' | 'needsWithoutArtifacts'> {
  const needs = entries.map((entry) => (typeof entry === 'string' ? entry : entry.job));
  const without = entries.flatMap((entry) => (typeof entry !== 'string' && entry.artifacts === false ? [entry.job] : []));
  return without.length > 0 ? { needs, needsWithoutArtifacts: without } : { needs };
}

function normaliseArtifacts(v: { paths: string[]; exclude?: string[]; when?: CacheWhen }): ArtifactsSpec {
  return { paths: v.paths.slice(), exclude: (v.exclude ?? []).slice(), when: v.when ?? 'on_success' };
}
