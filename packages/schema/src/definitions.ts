/** Job and template definitions from the workflow and its includes: one per name, each checked as written. */
import type { Owner } from './checks.js';
import { checkDefinition } from './job-keys.js';
import type { Layer } from './merge.js';
import { msg } from './messages.js';
import { child, type Place, type Report } from './report.js';
import { isMapping, kindOf } from './shapes.js';
import { linePos, locate } from './source.js';

/** A root key that names a job or template, with its value as written. */
export interface JobEntry {
  name: string;
  place: Place;
  value: unknown;
}

interface ExtendsRef {
  name: string;
  place: Place;
}

export interface Definition {
  name: string;
  template: boolean;
  place: Place;
  /** Undefined when the value is not a mapping (already reported). */
  layer: Layer | undefined;
  /** Templates named by `extends`, or undefined when `extends` itself is broken. */
  refs: ExtendsRef[] | undefined;
}

export function collectDefinitions(report: Report, entries: readonly JobEntry[], stages: readonly string[] | undefined): Map<string, Definition> {
  const defs = new Map<string, Definition>();
  for (const entry of entries) {
    const first = defs.get(entry.name);
    if (first) {
      report.error(entry.place, msg.duplicateJob(entry.name, where(first.place)), { at: 'key' });
      continue;
    }
    defs.set(entry.name, define(report, entry, stages));
  }
  return defs;
}

function define(report: Report, entry: JobEntry, stages: readonly string[] | undefined): Definition {
  const { name, place, value } = entry;
  const template = name.startsWith('.');
  if (!isMapping(value)) {
    report.error(place, msg.jobNotMapping(name, kindOf(value)));
    return { name, template, place, layer: undefined, refs: undefined };
  }
  const owner: Owner = { kind: template ? 'template' : 'job', name, depth: place.depth };
  const bad = checkDefinition({ report, owner, stages }, place, value);
  const layer: Layer = { owner, place, raw: value, bad };
  return { name, template, place, layer, refs: bad.has('extends') ? undefined : extendsRefs(place, value.extends) };
}

function extendsRefs(place: Place, value: unknown): ExtendsRef[] {
  const at = child(place, 'extends');
  if (typeof value === 'string') return [{ name: value, place: at }];
  if (!Array.isArray(value)) return [];
  return value.map((name, i) => ({ name: name as string, place: child(at, i) }));
}

/** `file:line` of a definition, for duplicate-name messages. */
function where(place: Place): string {
  const pos = linePos(place.doc, locate(place.doc, place.path, 'key'));
  return `${place.doc.file}:${pos.line}`;
}
