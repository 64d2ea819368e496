/**
 * The normalised workflow every later package consumes (planner, engine, `loom compile`). Shapes are fixed
 * here so consumers never re-interpret YAML forms:
 * - `image` is always an object (`{name, build?}`) or absent;
 * - `cache` is always a list of named entries (`[]` = caching off);
 * - `needs` is absent when the job did not write it, `[]` when it wrote an empty list;
 * - `variables` is the merged map (root < default < extends chain < job), values unexpanded.
 */

export type CachePolicy = 'pull' | 'push' | 'pull-push';
export type CacheWhen = 'on_success' | 'on_failure' | 'always';

export interface CacheKeySpec {
  prefix?: string;
  files?: string[];
  template?: string;
}

export interface CacheEntry {
  /** `default` for the single-mapping form. */
  name: string;
  disabled: boolean;
  paths: string[];
  /** A string key is a template (same placeholders as `key.template`). */
  key?: string | CacheKeySpec;
  fallbackKeys: string[];
  policy: CachePolicy;
  when: CacheWhen;
}

export interface ImageRef {
  name: string;
  build?: { context: string; dockerfile: string };
}

export interface SecretDecl {
  ref: string;
  file: boolean;
  required: boolean;
}

export interface ServiceDecl {
  /** Image reference. */
  name: string;
  /** Host name inside the job network: the explicit `alias`, else derived from the image (see README). */
  alias: string;
  entrypoint?: string[];
  command?: string[];
  variables: Record<string, string>;
}

export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/** `artifacts:` (runtime-logs.md §8, gap 3; `exclude` and `when` as GitLab users write them). */
export interface ArtifactsSpec {
  /** Globs relative to the workspace; a match that is a directory brings everything below it. */
  paths: string[];
  /** Globs of files (or directories) to leave out. */
  exclude: string[];
  /** Default `on_success`. */
  when: CacheWhen;
}

export interface Job {
  name: string;
  stage: string;
  target: 'linux';
  script: string[];
  needs?: string[];
  /** Needs written as `{job, artifacts: false}`: this job does not receive their artifacts (Loom extension). */
  needsWithoutArtifacts?: string[];
  /** Where each `needs` entry is written (same order as `needs`), for issues about one entry. */
  needsSource?: SourcePos[];
  image?: ImageRef;
  runnerPool?: string;
  variables: Record<string, string>;
  secrets: Record<string, SecretDecl>;
  services: ServiceDecl[];
  invariant?: Record<string, unknown>;
  cache: CacheEntry[];
  artifacts?: ArtifactsSpec;
  /** Template chain this job was resolved from, base last (`['.node', '.base']`). */
  extends: string[];
  /** Where the job's key stands. */
  source: SourcePos;
}

export interface Workflow {
  version: 'v1';
  /** Path the workflow was read from, as given to the parser. */
  file: string;
  stages: string[];
  /** Root `variables` (also merged into every job). */
  variables: Record<string, string>;
  /** `workflow.rules`: validated, never evaluated (Planned). */
  rules: { if: string }[];
  /** Concrete jobs only, in document order (includes first, in include order, then the file's own). */
  jobs: Record<string, Job>;
  /** Names of template (dot) jobs; they are never run. */
  templates: string[];
  includes: string[];
}

/** One validation problem, with a stable code, the JSON pointer and the place in the YAML source. */
export interface WorkflowIssue {
  code: 'WF_SCHEMA_V1';
  /** JSON pointer into the document, e.g. `/build/script`. */
  pointer: string;
  message: string;
  hint?: string;
  file: string;
  line: number;
  column: number;
}

export interface WorkflowWarning {
  pointer: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

export type ParseResult =
  | { ok: true; workflow: Workflow; warnings: WorkflowWarning[] }
  | { ok: false; issues: WorkflowIssue[]; warnings: WorkflowWarning[] };

export interface ParseOptions {
  /**
   * Reads an `include` file (path relative to the repo root, as written); returns undefined when it does not
   * exist. Any other failure may be thrown: it becomes an issue at the include entry.
   */
  readInclude?: (path: string) => string | undefined;
  /**
   * Follows symlinks: returns the real path when a workspace-relative path the workflow names (build context,
   * Dockerfile, cache and artifact paths) leaves the repository through one, else undefined. Without it only
   * the lexical check applies (absolute paths and `..`).
   */
  escapes?: (path: string) => string | undefined;
}
