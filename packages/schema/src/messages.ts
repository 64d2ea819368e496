/**
 * Every issue text in one place. Messages quoted in workflow-syntax.md §7 (and gap 8 of
 * gaps-and-planned.md) are reproduced verbatim; the others follow the same style: what to do, then why.
 */

import { type GitlabPlace, gitlabAdvice, gitlabTagAdvice } from './gitlab-keys.js';

const JOB_KEYS_TEXT = 'stage, target, script, extends, needs, image, runner_pool, variables, secrets, services, invariant, cache, artifacts';
const DEFAULT_KEYS_TEXT = 'stage, target, script, image, runner_pool, variables, services, invariant, cache, artifacts';
const CACHE_KEYS_TEXT = 'name, disabled, paths, key, fallback_keys, policy, when';
const NO_YAML_MARKS = 'workflows do not allow YAML anchors, aliases or tags (share settings through default or extends)';

const q = (s: string): string => JSON.stringify(s);

/** `remove unknown key "tags"; <what to write in Loom instead>` for a GitLab key, else `…; <allowed keys>`. */
const unknownKey = (what: string, key: string | undefined, place: GitlabPlace, allowed: string): string => {
  const advice = key === undefined ? undefined : gitlabAdvice(key, place);
  const named = key === undefined ? what : `${what} ${q(key)}`;
  return advice === undefined ? `${named}; ${allowed}` : `${named} (GitLab CI); ${advice}`;
};

export const msg = {
  // YAML level
  yamlSyntax: (detail: string) => `fix the YAML syntax: ${detail}`,
  yamlDuplicateKey: (key: string) => `remove duplicate key ${q(key)}; a key may appear only once in a mapping`,
  yamlTwoDocuments: () => 'remove the second YAML document (from this "---" on); a workflow file holds one document',
  yamlMark: (kind: string, source: string) => `remove the ${kind} ${q(source)}; ${gitlabTagAdvice(source) ?? NO_YAML_MARKS}`,
  yamlWarning: (detail: string) => `YAML: ${detail}`,
  yamlCollectionKey: () => 'write this key as a plain string; a mapping or sequence cannot be a key (it would be stringified)',
  tooDeep: (limit: number) =>
    `flatten this value; collections may nest at most ${limit} levels deep (workflows need fewer than 10), and this one opens level ${limit + 1}`,
  tooLarge: (limit: string) =>
    `keep this file under ${limit}; it reaches the limit here (move jobs into templates under .loom/templates/ and include them, each file has its own limit)`,
  internal: (detail: string) => `internal error while validating this file (please report it): ${detail}`,

  // Generic shapes
  expected: (want: string, label: string, got: string) => `expected ${want} for ${q(label)}, got ${got}`,
  nonEmpty: (label: string) => `set ${q(label)} to a non-empty string`,
  missingKey: (key: string, owner: string) =>
    `missing required key ${q(key)} in ${owner}${key === 'target' ? '; add target: linux (the only target; set it once under default:)' : ''}`,

  // Root
  rootNotMapping: (got: string) => `write the workflow as a YAML mapping (version, stages, jobs…), got ${got}`,
  missingVersion: () => 'missing required key "version"; add version: v1 at the top of the workflow',
  badVersion: (got: string) => `set version to v1; v1 is the only supported schema version, got ${got}`,
  missingStages: () => 'missing required key "stages"; add stages: [<name>, …] listing the stages in execution order',
  emptyStages: () => 'add at least one stage to "stages"; a workflow needs at least one stage',
  badStageName: (name: string) =>
    `rename stage ${q(name)} to match ^[a-z][a-z0-9_-]{0,31}$ (a lowercase letter, then up to 31 of a-z, 0-9, _ and -)`,
  duplicateStage: (name: string) => `remove duplicate stage ${q(name)} from "stages"; each stage may be listed once`,
  badRootKey: (key: string) =>
    `rename ${q(key)} to a job name matching ^\\.?[a-z][a-z0-9_-]{0,63}$ or remove it; root keys other than version, stages, include, workflow, variables and default are jobs`,
  noJobs: () => 'add at least one job; the workflow defines none (template jobs, whose names start with ".", never run)',

  // include
  includeNotSequence: () => 'set include to a sequence of {local: .loom/templates/<name>.yml} entries',
  includeEntry: (index: number) => `set include[${index}] to a mapping {local: .loom/templates/<name>.yml}`,
  includeUnknownKey: () => 'remove unknown key; include entries only allow key local',
  includeMissingLocal: () => 'add required key local to include entry',
  includeLocal: () => 'set include.local to .loom/templates/<name>.yml or .yaml',
  includeDuplicate: (path: string) => `remove duplicate include ${q(path)}; each file may be included once`,
  includeMissingFile: (path: string) => `create ${path} or fix include.local; the file does not exist`,
  includeUnreadable: (path: string, reason: string) => `make ${path} readable or fix include.local; reading it failed: ${reason}`,
  includeEscapes: (path: string, real: string) => `include ${path} is a symlink to ${real}, outside the repository; include only files committed inside it`,
  includedNotMapping: (file: string, got: string) => `write ${file} as a YAML mapping of job and template definitions, got ${got}`,
  includedRootKey: (key: string) => `remove ${q(key)} from this included file; included files may only define jobs and templates`,
  duplicateJob: (name: string, where: string) => `rename or remove job ${q(name)}; it is already defined at ${where}`,

  // workflow.rules (§7, verbatim)
  workflowNotMapping: () => 'set workflow to a mapping; workflow only allows key rules',
  workflowUnknownKey: () => 'remove unknown key; workflow only allows key rules',
  rulesNotSequence: () => 'set workflow.rules to a sequence of {if: ...} entries',
  ruleIf: () => 'set workflow.rules[].if to a non-empty string condition',
  ruleUnknownKey: () => 'remove unknown key; workflow rules only allow key if',
  ruleMissingIf: () => 'add required key if to workflow rule',

  // variables
  badVariableName: (name: string) => `rename variable ${q(name)} to match ^[A-Z_][A-Z0-9_]*$ (UPPER_SNAKE_CASE)`,
  quoteVariable: (name: string, got: string, source: string) =>
    `quote the value of variable ${q(name)}: ${name}: ${q(source)}; variable values must be strings, got ${got}`,
  variableNotString: (name: string, got: string) => `set variable ${q(name)} to a string; variable values must be strings, got ${got}`,

  // job keys
  jobNotMapping: (name: string, got: string) => {
    const advice = gitlabAdvice(name, 'root');
    return advice === undefined ? `expected mapping for job ${q(name)}, got ${got}` : `${q(name)} at the root is GitLab CI's global keyword (Loom reads it as a job): ${advice}`;
  },
  jobUnknownKey: (key?: string) => unknownKey('remove unknown key', key, 'job', `job allows keys ${JOB_KEYS_TEXT}`),
  defaultUnknownKey: (key?: string) => unknownKey('remove unknown key', key, 'job', `default allows keys ${DEFAULT_KEYS_TEXT}`),
  defaultSecrets: () => 'remove secrets from default; secrets are job-scoped (declare them on the job or on a template it extends)',
  unknownStage: (stage: string, owner: string, stages: readonly string[]) =>
    `set stage of ${owner} to one of the stages (${[...new Set(stages)].join(', ')}); ${q(stage)} is not listed in stages`,
  badTarget: (got: string) => `set target to linux; linux is the only supported target, got ${got}`,
  emptyScript: (owner: string) => `add at least one command to "script" in ${owner}; each entry is one step`,
  scriptNotString: (index: number, got: string) =>
    `expected string for "script[${index}]", got ${got}; quote the command${got === 'mapping' ? ' (an unquoted ": " makes YAML read a mapping)' : ''}`,
  scriptBlock: () =>
    'write script as a sequence with one command per entry ("- <command>" lines); a "script: |" block is one string, and Loom runs each entry as its own step',
  scriptMultiline: (index: number) =>
    `write script[${index}] on one line; each entry is one command without newlines (split it into several entries, or fold it with >-)`,
  scriptEmpty: (index: number) => `write a command in script[${index}]; the entry is empty`,
  emptyExtends: () => 'add a template name to "extends" or remove it',
  missingTemplate: (name: string, owner: string) =>
    `define template ${q(name)} or fix extends of ${owner}; no template with that name exists in this file or its includes`,
  extendsConcrete: (name: string) => `extend a template job instead of ${q(name)}; extends only accepts template jobs, whose names start with "."`,
  extendsCycle: (cycle: readonly string[]) => `resolve extends cycle by removing one extends edge: ${cycle.join(' -> ')}`,
  runnerPoolIgnored: () => 'runner_pool has no effect yet (remote execution is planned); the job runs locally',
  invariantIgnored: () => 'invariant has no effect yet; it is recorded in the Graph IR only',

  // image
  imageUnknownKey: (key?: string) => unknownKey('remove unknown image key', key, 'image', 'image allows keys name, build'),
  imageMissing: (key: string) => `add required key ${key} to image (the image tag to use, or to build)`,
  buildUnknownKey: () => 'remove unknown image.build key; build allows keys context, dockerfile',
  buildMissing: (key: string) => `add required key ${key} to image.build`,

  // secrets
  badSecretName: (name: string) => `rename secret ${q(name)} to match ^[A-Z_][A-Z0-9_]*$ (UPPER_SNAKE_CASE)`,
  secretUnknownKey: () => 'remove unknown secret key; secrets allow keys ref, file, required',
  secretMissingRef: (name: string) => `add required key ref to secret ${q(name)}`,
  secretAndVariable: (name: string, job: string) =>
    `remove ${q(name)} from variables or from secrets of job ${q(job)}; a name cannot be both a variable and a secret`,

  // services
  serviceUnknownKey: () => 'remove unknown service key; services allow keys name, alias, entrypoint, command, variables',
  serviceMissingName: (index: number) => `add required key name to services[${index}] (the service image, e.g. postgres:16)`,
  serviceAlias: (index: number) =>
    `set services[${index}].alias to a host name: lowercase letters, digits and -, starting and ending with a letter or digit`,
  serviceDuplicateAlias: (index: number, alias: string) =>
    `give services[${index}] its own alias; ${q(alias)} is already the host name of another service of this job`,
  servicesWithoutImage: (job: string) => `add image to job ${q(job)} or remove services; services run only beside a Docker job`,

  // cache (the unknown-key text is verbatim from §7)
  cacheUnknownKey: () => `remove unknown cache key; allowed keys are ${CACHE_KEYS_TEXT}`,
  cacheMissingName: (index: number) => `add required key name to cache[${index}]; each entry of the sequence form is named`,
  cacheDuplicateName: (name: string) => `rename cache entry ${q(name)}; names must be unique within one cache list`,
  cacheDisabledInMapping: () =>
    'remove disabled from the mapping form of cache; use cache: null to turn caching off, or the sequence form to disable one named entry',
  cacheMissingPaths: (name: string) => `add required key paths to cache entry ${q(name)}; an enabled cache entry needs paths (its own or inherited)`,
  cacheKeyUnknownKey: () => 'remove unknown cache key field; key allows prefix, files, template',
  cacheKeyEmpty: () => 'set key.prefix, key.files or key.template, or remove key',
  cachePolicy: (got: string) => `set cache policy to pull, push or pull-push, got ${got}`,
  cacheWhen: (got: string) => `set cache when to on_success, on_failure or always, got ${got}`,

  // paths (cache and artifacts)
  emptyList: (label: string) => `add at least one entry to ${q(label)}`,
  workspacePath: (label: string) => `set ${q(label)} to a path inside the workspace: relative, without ".." segments`,
  workspacePathEscapes: (label: string, path: string, real: string) =>
    `set ${q(label)} to a path inside the repository: ${q(path)} resolves through a symlink to ${real}, outside it`,

  // artifacts
  artifactsUnknownKey: (key?: string) => unknownKey('remove unknown artifacts key', key, 'artifacts', 'artifacts allows keys paths, exclude, when'),
  artifactsMissingPaths: () => 'add required key paths to artifacts',
  artifactsWhen: (got: string) => `set artifacts when to on_success, on_failure or always, got ${got}`,

  // needs entries: a job name, or {job, artifacts}
  needsEntryShape: (index: number, got: string) => `set needs[${index}] to a job name or a mapping {job: <name>, artifacts: true|false}, got ${got}`,
  needsEntryUnknownKey: () => 'remove unknown needs entry key; a needs entry allows keys job, artifacts',
  needsEntryMissingJob: (index: number) => `add required key job to needs[${index}]; it names the job to wait for`,
  needsEntryArtifacts: (got: string) => `set artifacts of this needs entry to true or false, got ${got}`,
};
