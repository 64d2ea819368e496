/**
 * `include` (§6): `{local: .loom/templates/…(.yml|.yaml)}` entries, read through `readInclude`. Included
 * files may only define jobs and templates (gap 6); nested includes are therefore rejected too.
 */
import { rejectUnknownKeys, type Scope } from './checks.js';
import { msg } from './messages.js';
import { child, rootPlace, type Place, type Report } from './report.js';
import type { JobEntry } from './definitions.js';
import { has, INCLUDE_LOCAL, isMapping, JOB_NAME, kindOf, ROOT_KEYWORDS } from './shapes.js';
import { locate, type SourceDoc } from './source.js';
import { EscapingPathError } from './workspace-fs.js';

export interface IncludeEntry {
  path: string;
  place: Place;
}

const INCLUDE_KEYS = new Set(['local']);

export function checkIncludeList(scope: Scope, place: Place, value: unknown): IncludeEntry[] {
  if (!Array.isArray(value)) {
    scope.report.error(place, msg.includeNotSequence());
    return [];
  }
  const entries: IncludeEntry[] = [];
  value.forEach((entry, i) => {
    const at = child(place, i);
    if (!isMapping(entry)) return scope.report.error(at, msg.includeEntry(i));
    rejectUnknownKeys(scope, at, entry, INCLUDE_KEYS, msg.includeUnknownKey());
    if (!has(entry, 'local')) return scope.report.error(at, msg.includeMissingLocal());
    const local = entry.local;
    const localAt = child(at, 'local');
    if (typeof local !== 'string' || !INCLUDE_LOCAL.test(local)) return scope.report.error(localAt, msg.includeLocal());
    if (entries.some((e) => e.path === local)) return scope.report.error(localAt, msg.includeDuplicate(local));
    entries.push({ path: local, place: localAt });
  });
  return entries;
}

export type ReadInclude = ((path: string) => string | undefined) | undefined;
export type LoadDoc = (text: string, file: string, includedAt: number) => SourceDoc | undefined;

export interface Included {
  jobs: JobEntry[];
  /** False when a file could not be read or parsed: a template "missing" may well be defined there. */
  complete: boolean;
}

/** Reads each included file and returns its job/template entries, in include order. */
export function loadIncludes(report: Report, entries: readonly IncludeEntry[], read: ReadInclude, load: LoadDoc): Included {
  const included: Included = { jobs: [], complete: true };
  const { jobs } = included;
  for (const entry of entries) {
    const text = readOne(report, entry, read);
    const doc = text === undefined ? undefined : load(text, entry.path, locate(entry.place.doc, entry.place.path));
    if (!doc) {
      included.complete = false;
      continue;
    }
    const root = rootPlace(doc);
    if (!isMapping(doc.value)) {
      if (doc.value !== null) report.error(root, msg.includedNotMapping(entry.path, kindOf(doc.value)));
      included.complete &&= doc.value === null;
      continue;
    }
    for (const [key, value] of Object.entries(doc.value)) {
      const at = child(root, key);
      if (ROOT_KEYWORDS.has(key)) report.error(at, msg.includedRootKey(key), { at: 'key' });
      else if (!JOB_NAME.test(key)) report.error(at, msg.badRootKey(key), { at: 'key' });
      else jobs.push({ name: key, place: at, value });
    }
  }
  return included;
}

function readOne(report: Report, entry: IncludeEntry, read: ReadInclude): string | undefined {
  try {
    const text = read?.(entry.path);
    if (text === undefined) report.error(entry.place, msg.includeMissingFile(entry.path));
    return text;
  } catch (error) {
    if (error instanceof EscapingPathError) report.error(entry.place, msg.includeEscapes(entry.path, error.realPath));
    else report.error(entry.place, msg.includeUnreadable(entry.path, error instanceof Error ? error.message : String(error)));
    return undefined;
  }
}
