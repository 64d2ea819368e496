/** The root mapping (§2): `version`, `stages`, `include`, `workflow`, `variables`, `default`, and jobs. */
import { expectSequence, type Owner, type Scope } from './checks.js';
import type { JobEntry } from './definitions.js';
import { checkIncludeList, type IncludeEntry } from './include.js';
import { checkDefinition } from './job-keys.js';
import type { Layer } from './merge.js';
import { msg } from './messages.js';
import { child, rootPlace, type Place, type Report } from './report.js';
import { has, isMapping, JOB_NAME, kindOf, ROOT_KEYWORDS, shown, STAGE_NAME } from './shapes.js';
import type { SourceDoc } from './source.js';
import { checkVariables } from './variables.js';
import { checkWorkflowKey } from './workflow-rules.js';


export interface RootParts {
  /** String entries of `stages`, or undefined when `stages` is missing or not a sequence. */
  stages: string[] | undefined;
  variables: Record<string, string>;
  variablesOk: boolean;
  rules: { if: string }[];
  defaults: Layer | undefined;
  includes: IncludeEntry[];
  jobs: JobEntry[];
}

const ROOT_OWNER: Owner = { kind: 'root', name: '', depth: 0 };

export function checkRoot(report: Report, doc: SourceDoc, root: Record<string, unknown>): RootParts {
  const scope: Scope = { report, owner: ROOT_OWNER, stages: undefined };
  const place = rootPlace(doc);
  checkVersion(scope, place, root);
  const stages = checkStages(scope, place, root);
  const parts: RootParts = { stages, variables: {}, variablesOk: true, rules: [], defaults: undefined, includes: [], jobs: [] };
  for (const [key, value] of Object.entries(root)) {
    const at = child(place, key);
    if (key === 'include') parts.includes = checkIncludeList(scope, at, value);
    else if (key === 'workflow') parts.rules = checkWorkflowKey(scope, at, value);
    else if (key === 'variables') {
      parts.variablesOk = checkVariables(scope, at, value);
      if (isMapping(value)) parts.variables = value as Record<string, string>;
    } else if (key === 'default') parts.defaults = checkDefault({ ...scope, stages }, at, value);
    else if (ROOT_KEYWORDS.has(key)) continue;
    else if (JOB_NAME.test(key)) parts.jobs.push({ name: key, place: at, value });
    else report.error(at, msg.badRootKey(key), { at: 'key' });
  }
  return parts;
}

function checkVersion(scope: Scope, place: Place, root: Record<string, unknown>): void {
  if (!has(root, 'version')) scope.report.error(place, msg.missingVersion());
  else if (root.version !== 'v1') scope.report.error(child(place, 'version'), msg.badVersion(shown(root.version)));
}

function checkStages(scope: Scope, place: Place, root: Record<string, unknown>): string[] | undefined {
  if (!has(root, 'stages')) {
    scope.report.error(place, msg.missingStages());
    return undefined;
  }
  const at = child(place, 'stages');
  const value = root.stages;
  if (!expectSequence(scope, at, value)) return undefined;
  if (value.length === 0) {
    scope.report.error(at, msg.emptyStages());
    return undefined;
  }
  const seen = new Set<string>();
  value.forEach((stage, i) => {
    const stageAt = child(at, i);
    if (typeof stage !== 'string') return scope.report.error(stageAt, msg.expected('string', `stages[${i}]`, kindOf(stage)));
    if (!STAGE_NAME.test(stage)) scope.report.error(stageAt, msg.badStageName(stage));
    else if (seen.has(stage)) scope.report.error(stageAt, msg.duplicateStage(stage));
    seen.add(stage);
  });
  return value.filter((s): s is string => typeof s === 'string');
}

function checkDefault(scope: Scope, place: Place, value: unknown): Layer | undefined {
  if (!isMapping(value)) {
    scope.report.error(place, msg.expected('mapping', 'default', kindOf(value)));
    return undefined;
  }
  const owner: Owner = { kind: 'default', name: 'default', depth: place.depth };
  const bad = checkDefinition({ ...scope, owner }, place, value);
  return { owner, place, raw: value, bad };
}
