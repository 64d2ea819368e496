/** `parseWorkflow`: YAML text → validated, normalised `Workflow`, or every issue in document order. Pure. */
import { collectDefinitions, type Definition } from './definitions.js';
import { resolveChains } from './extends.js';
import { loadIncludes } from './include.js';
import type { Layer } from './merge.js';
import { msg } from './messages.js';
import type { Job, ParseOptions, ParseResult, Workflow } from './model.js';
import { child, Report, rootPlace, type Place } from './report.js';
import { resolveJob } from './resolve-job.js';
import { checkRoot } from './root.js';
import { MAX_FILE_BYTES, MAX_NESTING, pastSizeLimit } from './limits.js';
import { isMapping, kindOf } from './shapes.js';
import { linePos, loadSource, pathAt, type SourceDoc } from './source.js';
import type { YamlProblem } from './yaml/full.js';

/** Test hook: `full` skips the fast scanner so both YAML paths can be compared. */
export interface InternalOptions {
  full?: boolean;
  /** Size from which files are parsed piece by piece (tests lower it to compare with a whole-file parse). */
  piecesFrom?: number;
}

/** Never throws: an unexpected exception becomes an issue at line 1 of `file`. */
export function parseWorkflow(text: string, file: string, options: ParseOptions = {}): ParseResult {
  return parseWorkflowWith(text, file, options, {});
}

export function parseWorkflowWith(text: string, file: string, options: ParseOptions, internal: InternalOptions): ParseResult {
  if (typeof text !== 'string') return crashed(file, `expected the workflow text as a string, got ${typeof text}`);
  try {
    return parse(text, file, options, internal);
  } catch (error) {
    return crashed(file, msg.internal(error instanceof Error ? error.message : String(error)));
  }
}

function crashed(file: string, message: string): ParseResult {
  return { ok: false, issues: [{ code: 'WF_SCHEMA_V1', pointer: '', message, hint: message, file, line: 1, column: 1 }], warnings: [] };
}

function parse(text: string, file: string, options: ParseOptions, internal: InternalOptions): ParseResult {
  const report = new Report(options.escapes);
  const load = (source: string, name: string, includedAt?: number): SourceDoc | undefined => loadChecked(report, source, name, includedAt, internal);
  const main = load(text, file);
  if (!main) return failed(report);
  if (!isMapping(main.value)) {
    report.error(rootPlace(main), msg.rootNotMapping(kindOf(main.value)));
    return failed(report);
  }
  const root = checkRoot(report, main, main.value);
  const included = loadIncludes(report, root.includes, options.readInclude, load);
  const defs = collectDefinitions(report, [...included.jobs, ...root.jobs], root.stages);
  const chains = resolveChains(defs, report, included.complete);
  const ctx = { report, defaults: root.defaults, rootVariables: root.variablesOk ? root.variables : {} };
  const jobs: Record<string, Job> = {};
  const concrete = [...defs.values()].filter((d) => !d.template);
  for (const def of concrete) {
    const chain = chains.get(def);
    if (!def.layer || !chain) continue;
    const job = resolveJob(def as Definition & { layer: Layer }, chain, ctx);
    if (job) jobs[def.name] = job;
  }
  if (concrete.length === 0) report.error(rootPlace(main), msg.noJobs());
  if (report.count > 0) return failed(report);
  const workflow: Workflow = {
    version: 'v1',
    file,
    stages: root.stages ?? [],
    variables: { ...root.variables },
    rules: root.rules,
    jobs,
    templates: [...defs.values()].filter((d) => d.template).map((d) => d.name),
    includes: root.includes.map((i) => i.path),
  };
  return { ok: true, workflow, warnings: report.finishWarnings() };
}

function failed(report: Report): ParseResult {
  return { ok: false, issues: report.finishIssues(), warnings: report.finishWarnings() };
}

const MARK_WORDS = { anchor: 'anchor', alias: 'alias', tag: 'tag' } as const;

/** Loads one YAML file and reports its syntax errors and anchors/aliases/tags; undefined when unusable. */
function loadChecked(report: Report, text: string, file: string, includedAt: number | undefined, internal: InternalOptions): SourceDoc | undefined {
  const tooLarge = pastSizeLimit(text);
  if (tooLarge !== undefined) {
    const doc: SourceDoc = { file, text, value: null, locs: new Map(), root: 0, complete: true, ...(includedAt === undefined ? {} : { includedAt }) };
    report.error(rootPlace(doc), msg.tooLarge(`${MAX_FILE_BYTES / 1024 / 1024} MiB`), { offset: tooLarge });
    return undefined;
  }
  const loaded = loadSource(text, file, { full: internal.full ?? false, ...(internal.piecesFrom === undefined ? {} : { piecesFrom: internal.piecesFrom }) });
  const { doc } = loaded;
  if (includedAt !== undefined) doc.includedAt = includedAt;
  const at = (offset: number) => pathAt(doc, offset).reduce<Place>((place, seg) => child(place, seg), rootPlace(doc));
  const lines = new Set<number>();
  for (const e of loaded.errors) {
    // `yaml` often reports one mistake twice at the same place ("nested mappings…" + "implicit keys…").
    const line = linePos(doc, e.offset).line;
    if (lines.has(line)) continue;
    lines.add(line);
    // A syntax error leaves the tree unreliable: only a duplicate or collection key has a trustworthy path.
    const place = e.path ? e.path.reduce<Place>((p, seg) => child(p, seg), rootPlace(doc)) : e.code === 'DUPLICATE_KEY' ? at(e.offset) : rootPlace(doc);
    report.error(place, yamlMessage(e, text), { offset: e.offset });
  }
  for (const m of loaded.marks) report.error(at(m.offset), msg.yamlMark(MARK_WORDS[m.kind], m.source), { offset: m.offset });
  for (const w of loaded.warnings) report.warn(at(w.offset), msg.yamlWarning(firstLine(w.message)), { offset: w.offset });
  // An alias can make the value cyclic (`&a [*a]`), and what it stands for is not what was written: once
  // its issue is out, checking the resolved value would only produce echoes of it.
  return loaded.errors.length > 0 || loaded.marks.some((m) => m.kind === 'alias') ? undefined : doc;
}

function yamlMessage(e: YamlProblem, text: string): string {
  if (e.code === 'MULTIPLE_DOCS') return msg.yamlTwoDocuments();
  if (e.code === 'TOO_DEEP') return msg.tooDeep(MAX_NESTING);
  if (e.code === 'COLLECTION_KEY') return msg.yamlCollectionKey();
  const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^:\n]*?)(?=\s*:)/.exec(text.slice(e.offset))?.[0];
  if (e.code === 'DUPLICATE_KEY' && key) return msg.yamlDuplicateKey(key.replace(/^["']|["']$/g, ''));
  return msg.yamlSyntax(firstLine(e.message));
}

/** `yaml`'s messages may carry a position suffix and a code excerpt; the issue has its own position. */
function firstLine(message: string): string {
  return (message.split('\n')[0] as string).replace(/ at line \d+, column \d+:?$/, '').trim();
}
