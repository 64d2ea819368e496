/**
 * Artifacts (runtime-logs.md §8, gap 3): after execution the job's `artifacts:` matches are copied out of its
 * workspace (through the provider port's `copyOut`) into `jobs/<id>/artifacts/<relative path>` and
 * `jobs/<id>/artifacts.tar.gz`, in the section `artifact_extract` (phase `job.artifact_restore`).
 *
 * Loom's extension (GitLab's rule): before its steps, a job receives the artifacts of the jobs it `needs`
 * (without `needs`: of every job of the earlier stages), copied into its workspace with `copyIn` while
 * `provider` prepares it; a restore that fails fails the job there (`ARTIFACTS_RESTORE_FAILED`).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CopyResult, PreparedJob, Provider } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import type { PlannedJob } from '@loom/planner';
import { artifactsArchive, artifactsDir } from '@loom/runtime-logs/writer';
import type { ArtifactsSpec } from '@loom/schema';
import { writeArchive, measure } from './artifacts-archive.js';
import { listContainerWorkspace, listHostWorkspace } from './artifacts-list.js';
import { listingBases, normalisePattern, selectArtifacts } from './artifacts-match.js';
import { type JobContext, type JobOutcome, type JobState, errorFields } from './job-context.js';

/** What one finished job left for later jobs. */
interface Extracted {
  stageIndex: number;
  dir: string;
  roots: string[];
}

/** Per run: where the record is, what each job extracted so far, and the restores under way. */
export interface ArtifactsRun {
  logsDir: string | undefined;
  extracted: Map<string, Extracted>;
  /** In-flight restores into a workspace shared by several jobs, by (workspace, source job) — see `copyOnce`. */
  restoring: Map<string, Promise<CopyResult>>;
}

export function createArtifactsRun(logsDir: string | undefined): ArtifactsRun {
  return { logsDir, extracted: new Map(), restoring: new Map() };
}

const SECTION = 'artifact_extract';

function whenApplies(spec: ArtifactsSpec, outcome: JobOutcome): boolean {
  return spec.when === 'always' || (spec.when === 'on_success') === (outcome.status === 'success');
}

function skipSection(ctx: JobContext, reason: string, when: string): void {
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'section_started', jobId, section: SECTION });
  ctx.emit({ type: 'note', jobId, section: SECTION, message: reason });
  ctx.emit({ type: 'section_finished', jobId, section: SECTION, status: 'skipped', data: { when, copied: [], missing: [] } });
}

/** Runs after execution; returns the job's outcome, failed when the extraction itself failed. */
export async function extractArtifacts(ctx: JobContext, state: JobState, prepared: PreparedJob, outcome: JobOutcome): Promise<JobOutcome> {
  const spec = ctx.planned.job.artifacts;
  const run = ctx.artifacts;
  if (spec === undefined || run === undefined) return outcome;
  if (ctx.signal.aborted) {
    skipSection(ctx, 'not extracted: the run was cancelled', spec.when);
    return outcome;
  }
  if (!whenApplies(spec, outcome)) {
    skipSection(ctx, `not extracted: when is ${spec.when} and the job ${outcome.status === 'success' ? 'succeeded' : 'failed'}`, spec.when);
    return outcome;
  }
  const { logsDir } = run;
  if (logsDir === undefined) {
    ctx.emit({ type: 'warning', jobId: ctx.planned.id, message: 'artifacts are not extracted: no run record directory was given to the engine', code: 'ARTIFACTS_NO_RECORD' });
    return outcome;
  }
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'section_started', jobId, section: SECTION });
  try {
    const data = await extract(ctx, state, prepared, spec, { ...run, logsDir });
    ctx.emit({ type: 'section_finished', jobId, section: SECTION, status: 'success', data });
    return outcome;
  } catch (error) {
    ctx.emit({ type: 'error', jobId, section: SECTION, ...errorFields(error, 'ARTIFACTS_EXTRACT_FAILED') });
    ctx.emit({ type: 'section_finished', jobId, section: SECTION, status: 'failed', data: { when: spec.when, copied: [], missing: [] } });
    return outcome.status === 'success' ? { status: 'failed', exitCode: 1 } : outcome;
  }
}

async function extract(ctx: JobContext, state: JobState, prepared: PreparedJob, spec: ArtifactsSpec, run: ArtifactsRun & { logsDir: string }) {
  const jobId = ctx.planned.id;
  const provider = ctx.provider as NonNullable<JobContext['provider']>;
  const paths = spec.paths.map(normalisePattern);
  const exclude = spec.exclude.map(normalisePattern);
  const bases = listingBases(paths);
  const { hostPath, mode } = state.request.workspace;
  const entries = mode === 'ephemeral_volume' ? await listContainerWorkspace(provider, prepared, bases, ctx.signal) : await listHostWorkspace(hostPath, bases);
  const selection = selectArtifacts(entries, paths, exclude);
  for (const pattern of selection.unmatched) {
    const message = `artifacts path ${JSON.stringify(pattern)} matched nothing in the workspace of job "${jobId}"`;
    ctx.emit({ type: 'warning', jobId, section: SECTION, message, code: 'ARTIFACTS_PATH_NOT_FOUND' });
  }
  const dir = join(run.logsDir, artifactsDir(jobId));
  const archive = join(run.logsDir, artifactsArchive(jobId));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if (selection.roots.length > 0) {
    await provider.copyOut(prepared, selection.roots, dir);
    await writeArchive(dir, selection.roots, archive);
    run.extracted.set(jobId, { stageIndex: ctx.planned.stageIndex, dir, roots: selection.roots });
  }
  const { files, bytes } = await measure(dir);
  ctx.emit({ type: 'note', jobId, section: SECTION, message: `${files} file(s), ${bytes} bytes in ${dir}`, data: { dir, files, bytes } });
  return { when: spec.when, copied: selection.roots, missing: selection.unmatched, files, bytes, dir, ...(selection.roots.length > 0 ? { archive } : {}) };
}

/** The jobs whose artifacts `planned` receives, in plan order of what they extracted. */
function sourcesOf(planned: PlannedJob, run: ArtifactsRun): [string, Extracted][] {
  const from = planned.artifactsFrom;
  if (from.kind === 'needs') return from.jobs.flatMap((id) => (run.extracted.has(id) ? [[id, run.extracted.get(id) as Extracted] as [string, Extracted]] : []));
  return [...run.extracted].filter(([, e]) => e.stageIndex < planned.stageIndex);
}

/** Inside `provider` prepare, after the provider set the job up. Throws ARTIFACTS_RESTORE_FAILED. */
export async function restoreArtifacts(ctx: JobContext, prepared: PreparedJob): Promise<void> {
  const run = ctx.artifacts;
  const provider = ctx.provider;
  if (run === undefined || provider === undefined) return;
  for (const [from, extracted] of sourcesOf(ctx.planned, run)) {
    let missing: string[];
    try {
      ({ missing } = await copyOnce(run, provider, prepared, from, extracted));
    } catch (error) {
      throw restoreError(from, errorFields(error, 'ARTIFACTS_RESTORE_FAILED').message, error);
    }
    if (missing.length > 0) throw restoreError(from, `${missing.join(', ')} no longer exist under ${extracted.dir}`);
    const message = `restored the artifacts of "${from}": ${extracted.roots.join(', ')}`;
    ctx.emit({ type: 'note', jobId: ctx.planned.id, section: 'provider', message, data: { from, paths: extracted.roots } });
  }
}

/**
 * Host jobs of a run share one workspace (the snapshot directory): two jobs that need the same job and are
 * prepared at the same moment would copy the same files onto each other (fs.cp unlinks a target before it
 * writes it: one copy's unlink finds the other's file gone, ENOENT). A restore already under way into the
 * same workspace is joined instead; a later one copies again (the workspace may have changed since).
 * Docker jobs each have their own workspace at the same `workdir`, so theirs are never joined.
 */
function copyOnce(run: ArtifactsRun, provider: Provider, prepared: PreparedJob, from: string, extracted: Extracted): Promise<CopyResult> {
  if (provider.kind !== 'host') return provider.copyIn(prepared, extracted.roots, extracted.dir);
  const key = `${prepared.workdir}\u0000${from}`;
  const running = run.restoring.get(key);
  if (running) return running;
  const copy = provider.copyIn(prepared, extracted.roots, extracted.dir).finally(() => run.restoring.delete(key));
  run.restoring.set(key, copy);
  return copy;
}

function restoreError(from: string, detail: string, cause?: unknown): LoomError {
  return new LoomError('ARTIFACTS_RESTORE_FAILED', `cannot restore the artifacts of job "${from}": ${detail}`, {
    hint: `the job needs "${from}"'s artifacts; rerun the pipeline, or write needs: [{job: ${from}, artifacts: false}] if it does not use them`,
    ...(cause === undefined ? {} : { cause }),
  });
}
