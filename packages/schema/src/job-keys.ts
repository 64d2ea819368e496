/** The job keywords of workflow-syntax §4, checked as written in one layer (job, template or `default`). */
import { checkCache } from './cache.js';
import { expectMapping, expectSequence, expectString, expectStrings, expectWorkspacePaths, label, ownerText, rejectUnknownKeys, requireKey, type Scope } from './checks.js';
import { checkImage } from './image.js';
import { msg } from './messages.js';
import { child, type Place } from './report.js';
import { checkSecrets } from './secrets.js';
import { checkServices } from './services.js';
import { CACHE_WHENS, kindOf, shown } from './shapes.js';
import { checkVariables } from './variables.js';

type KeywordCheck = (scope: Scope, place: Place, value: unknown) => void;

const ARTIFACT_KEYS = new Set(['paths', 'exclude', 'when']);
const NEED_KEYS = new Set(['job', 'artifacts']);

function checkStage(scope: Scope, place: Place, value: unknown): void {
  if (!expectString(scope, place, value)) return;
  if (scope.stages && !scope.stages.includes(value)) scope.report.error(place, msg.unknownStage(value, ownerText(scope.owner), scope.stages));
}

function checkTarget(scope: Scope, place: Place, value: unknown): void {
  if (value !== 'linux') scope.report.error(place, msg.badTarget(shown(value)));
}

function checkScript(scope: Scope, place: Place, value: unknown): void {
  if (typeof value === 'string' && value.trim().includes('\n')) return scope.report.error(place, msg.scriptBlock());
  if (!expectSequence(scope, place, value)) return;
  if (value.length === 0) scope.report.error(place, msg.emptyScript(ownerText(scope.owner)));
  value.forEach((entry, i) => {
    const at = child(place, i);
    if (typeof entry !== 'string') scope.report.error(at, msg.scriptNotString(i, kindOf(entry)));
    else if (entry.includes('\n')) scope.report.error(at, msg.scriptMultiline(i));
    else if (entry.trim() === '') scope.report.error(at, msg.scriptEmpty(i));
  });
}

function checkExtends(scope: Scope, place: Place, value: unknown): void {
  if (typeof value === 'string') {
    expectString(scope, place, value);
    return;
  }
  if (!Array.isArray(value)) {
    scope.report.error(place, msg.expected('string or sequence', label(scope, place), kindOf(value)));
    return;
  }
  if (value.length === 0) scope.report.error(place, msg.emptyExtends());
  else expectStrings(scope, place, value);
}

function checkRunnerPool(scope: Scope, place: Place, value: unknown): void {
  if (expectString(scope, place, value)) scope.report.warn(place, msg.runnerPoolIgnored(), { at: 'key' });
}

function checkInvariant(scope: Scope, place: Place, value: unknown): void {
  if (expectMapping(scope, place, value)) scope.report.warn(place, msg.invariantIgnored(), { at: 'key' });
}

function checkArtifacts(scope: Scope, place: Place, value: unknown): void {
  if (!expectMapping(scope, place, value)) return;
  rejectUnknownKeys(scope, place, value, ARTIFACT_KEYS, msg.artifactsUnknownKey);
  if (requireKey(scope, place, value, 'paths', msg.artifactsMissingPaths())) expectWorkspacePaths(scope, child(place, 'paths'), value.paths);
  if (value.exclude !== undefined) expectWorkspacePaths(scope, child(place, 'exclude'), value.exclude);
  if (value.when !== undefined && !(CACHE_WHENS as readonly unknown[]).includes(value.when)) scope.report.error(child(place, 'when'), msg.artifactsWhen(shown(value.when)));
}

/** `needs` entries: a job name, or `{job, artifacts}` (Loom extension: `artifacts: false` skips that job's artifacts). */
function checkNeeds(scope: Scope, place: Place, value: unknown): void {
  if (!expectSequence(scope, place, value)) return;
  value.forEach((entry, i) => {
    const at = child(place, i);
    if (typeof entry === 'string') return void expectString(scope, at, entry);
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return scope.report.error(at, msg.needsEntryShape(i, kindOf(entry)));
    const map = entry as Record<string, unknown>;
    rejectUnknownKeys(scope, at, map, NEED_KEYS, msg.needsEntryUnknownKey());
    if (requireKey(scope, at, map, 'job', msg.needsEntryMissingJob(i))) expectString(scope, child(at, 'job'), map.job);
    if (map.artifacts !== undefined && typeof map.artifacts !== 'boolean') scope.report.error(child(at, 'artifacts'), msg.needsEntryArtifacts(shown(map.artifacts)));
  });
}

const CHECKS: ReadonlyMap<string, KeywordCheck> = new Map<string, KeywordCheck>([
  ['stage', checkStage],
  ['target', checkTarget],
  ['script', checkScript],
  ['extends', checkExtends],
  ['needs', checkNeeds],
  ['image', checkImage],
  ['runner_pool', checkRunnerPool],
  ['variables', (scope, place, value) => void checkVariables(scope, place, value)],
  ['secrets', checkSecrets],
  ['services', checkServices],
  ['invariant', checkInvariant],
  ['cache', checkCache],
  ['artifacts', checkArtifacts],
]);

/** Keywords `default` may carry: not `secrets` (job-scoped), `extends` or `needs` (they name jobs). */
const DEFAULT_KEYS = new Set(['stage', 'target', 'script', 'image', 'runner_pool', 'variables', 'services', 'invariant', 'cache', 'artifacts']);

/** Checks every keyword of one definition; returns the keywords whose value had an issue. */
export function checkDefinition(scope: Scope, place: Place, raw: Record<string, unknown>): Set<string> {
  const bad = new Set<string>();
  const isDefault = scope.owner.kind === 'default';
  for (const [key, value] of Object.entries(raw)) {
    const at = child(place, key);
    const check = CHECKS.get(key);
    if (isDefault && key === 'secrets') scope.report.error(at, msg.defaultSecrets(), { at: 'key' });
    else if (!check || (isDefault && !DEFAULT_KEYS.has(key))) {
      scope.report.error(at, isDefault ? msg.defaultUnknownKey(key) : msg.jobUnknownKey(key), { at: 'key' });
    } else {
      const before = scope.report.count;
      check(scope, at, value);
      if (scope.report.count === before) continue;
    }
    bad.add(key);
  }
  return bad;
}
