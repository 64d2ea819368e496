/**
 * The v1 config file, known-field (runtime-config.md "File schema"): unknown keys are errors. A small
 * hand-written checker rather than zod (as @loom/schema checks workflows): it runs on every `loom run` in a
 * repository with a config file, and zod's import alone costs ~55 ms of start-up.
 */
import { ENV_NAME, WORKSPACE_MOUNTS } from './model.js';

type Segment = string | number;

export interface FileIssue {
  path: Segment[];
  message: string;
  /** Set for an unknown key: the key, and what the mapping allows. */
  unknownKey?: { key: string; allowed: string[] };
}

type Rule =
  | { kind: 'map'; keys: Record<string, Rule> }
  | { kind: 'aliases'; alias: Rule }
  | { kind: 'leaf'; check: (value: unknown) => string | undefined };

const leaf = (check: (value: unknown) => string | undefined): Rule => ({ kind: 'leaf', check });
const map = (keys: Record<string, Rule>): Rule => ({ kind: 'map', keys });

const envName = leaf((v) =>
  typeof v !== 'string' ? 'must be a string (the NAME of an environment variable)' : ENV_NAME.test(v) ? undefined : 'must be the NAME of an environment variable (letters, digits and _), never its value',
);
const path = leaf((v) => (typeof v !== 'string' ? 'must be a string (a path)' : v === '' ? 'must not be empty' : undefined));
const mountMode = leaf((v) => (WORKSPACE_MOUNTS.includes(v as never) ? undefined : 'must be bind_mount or ephemeral_volume'));
const jobCount = leaf((v) => (typeof v !== 'number' || !Number.isInteger(v) ? 'must be a whole number' : v < 1 ? 'must be 1 or more' : undefined));

const FILE: Rule = map({
  runtime: map({ docker: map({ workspaceMount: mountMode }), concurrency: jobCount, cache: map({ dir: path }) }),
  providers: map({
    keepass: map({ aliases: { kind: 'aliases', alias: map({ path, passwordEnv: envName, keyfileEnv: envName }) } }),
    op: map({ serviceAccountTokenEnv: envName }),
  }),
});

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every problem of the document, in document order of its keys. A null section (only comments under it) is empty. */
export function checkConfigFile(value: unknown): FileIssue[] {
  const issues: FileIssue[] = [];
  visit(FILE, value, [], issues);
  return issues;
}

function visit(rule: Rule, value: unknown, at: Segment[], issues: FileIssue[]): void {
  if (rule.kind === 'leaf') {
    const message = rule.check(value);
    if (message) issues.push({ path: at, message });
    return;
  }
  if (value === null || value === undefined) return;
  if (!isMapping(value)) {
    issues.push({ path: at, message: rule.kind === 'aliases' ? 'must be a mapping of alias names' : 'must be a mapping' });
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (rule.kind === 'aliases') {
      if (key === '') issues.push({ path: at, message: 'has an empty alias name' });
      else visit(rule.alias, child, [...at, key], issues);
      continue;
    }
    const next = rule.keys[key];
    if (next) visit(next, child, [...at, key], issues);
    else issues.push({ path: at, message: `unknown key \`${key}\``, unknownKey: { key, allowed: Object.keys(rule.keys) } });
  }
}

/** The checked document's shape. */
export interface ConfigFile {
  runtime?: { docker?: { workspaceMount?: string } | null; concurrency?: number; cache?: { dir?: string } | null } | null;
  providers?: {
    keepass?: { aliases?: Record<string, { path?: string; passwordEnv?: string; keyfileEnv?: string } | null> | null } | null;
    op?: { serviceAccountTokenEnv?: string } | null;
  } | null;
}
