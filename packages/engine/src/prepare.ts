/**
 * The `provider` section (phase `job.provider_prepare`): secrets first, then the provider's own setup. Returns
 * the prepared job, or undefined when the job cannot run — and then the reason is an `error` event here.
 */
import type { PreparedJob, ResolvedSecrets, SecretFailure, SecretRef } from '@loom/contracts';
import { restoreArtifacts } from './artifacts-phase.js';
import { type JobContext, type JobState, errorFields } from './job-context.js';

function secretRefs(ctx: JobContext): SecretRef[] {
  return Object.entries(ctx.planned.job.secrets).map(([name, decl]) => ({ name, ...decl }));
}

function fail(ctx: JobContext, fields: { code: string; message: string; hint?: string }): undefined {
  const jobId = ctx.planned.id;
  ctx.bridge.closeOpenSections('failed');
  ctx.emit({ type: 'error', jobId, section: 'provider', ...fields });
  ctx.emit({ type: 'section_finished', jobId, section: 'provider', status: 'failed' });
  return undefined;
}

/** The `file: false` secrets of a job that traces its commands (`CI_DEBUG_TRACE=true` or Loom's debug trace). */
function unsafeUnderTrace(ctx: JobContext, state: JobState, refs: SecretRef[]): string[] {
  const traced = ctx.debugTrace || (state.request.env['CI_DEBUG_TRACE'] ?? '').toLowerCase() === 'true';
  return traced ? refs.filter((r) => !r.file).map((r) => r.name) : [];
}

/** Docker jobs read file secrets at their read-only mounts: the variable holding a host path gets the container path. */
function injected(ctx: JobContext, resolved: ResolvedSecrets): { env: Record<string, string>; mounts: ResolvedSecrets['mounts'] } {
  if (ctx.planned.provider !== 'docker') return { env: resolved.env, mounts: [] };
  const inContainer = new Map(resolved.mounts.map((m) => [m.hostPath, m.containerPath]));
  const env = Object.fromEntries(Object.entries(resolved.env).map(([name, value]) => [name, inContainer.get(value) ?? value]));
  return { env, mounts: resolved.mounts };
}

/** Each failed secret: a note with its scheme, variable and code (secrets.md §5), then an error or a warning. */
function reportFailures(ctx: JobContext, failures: SecretFailure[]): boolean {
  const jobId = ctx.planned.id;
  for (const f of failures) {
    const data = { scheme: f.scheme, variable: f.name, code: f.code, required: f.fatal };
    ctx.emit({ type: 'note', jobId, section: 'provider', message: `secret ${f.name} (${f.scheme}://) was not resolved: ${f.code}`, data });
    if (!f.fatal) ctx.emit({ type: 'warning', jobId, section: 'provider', code: f.code, message: `${f.message}; ${f.name} is optional and is left unset` });
  }
  const fatal = failures.filter((f) => f.fatal);
  if (fatal.length === 0) return true;
  ctx.bridge.closeOpenSections('failed');
  for (const f of fatal) ctx.emit({ type: 'error', jobId, section: 'provider', code: f.code, message: f.message, ...(f.hint ? { hint: f.hint } : {}) });
  ctx.emit({ type: 'section_finished', jobId, section: 'provider', status: 'failed' });
  return false;
}

/**
 * Never runs a job without its required secrets. Values are registered with the masker before anything else
 * is emitted, and before the job's env carries them.
 */
async function resolveSecrets(ctx: JobContext, state: JobState): Promise<boolean> {
  const refs = secretRefs(ctx);
  if (refs.length === 0) return true;
  const unsafe = unsafeUnderTrace(ctx, state, refs);
  if (unsafe.length > 0) {
    fail(ctx, {
      code: 'SECRETS_UNSAFE_DEBUG_TRACE',
      message: `job "${ctx.planned.id}" traces its commands (CI_DEBUG_TRACE=true or LOOM_DEBUG_TRACE) and injects ${unsafe.join(', ')} directly (file: false); the trace would print them`,
      hint: 'turn the trace off, or set file: true on those secrets (the variable then holds a file path)',
    });
    return false;
  }
  if (ctx.secrets === undefined) {
    fail(ctx, {
      code: 'SECRETS_PROVIDER_UNAVAILABLE',
      message: `job "${ctx.planned.id}" declares ${refs.map((r) => r.name).join(', ')} but no secret resolver is wired`,
      hint: 'this is a wiring problem in the caller of runPipeline; pass options.secrets',
    });
    return false;
  }
  try {
    const resolved = await ctx.secrets.resolve(ctx.planned.id, refs, ctx.signal);
    state.resolvedSecrets = resolved;
    for (const { name, value } of resolved.values) {
      const warning = ctx.maskSecret?.(name, value);
      if (warning) ctx.emit({ type: 'warning', jobId: ctx.planned.id, section: 'provider', message: warning.message, code: warning.code });
    }
    if (!reportFailures(ctx, resolved.failures ?? [])) return false;
    const { env, mounts } = injected(ctx, resolved);
    state.request = { ...state.request, env: { ...state.request.env, ...env }, mounts: [...state.request.mounts, ...mounts] };
    return true;
  } catch (error) {
    fail(ctx, errorFields(error, 'SECRETS_REQUIRED_MISSING'));
    return false;
  }
}

export async function preparePhase(ctx: JobContext, state: JobState): Promise<PreparedJob | undefined> {
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'section_started', jobId, section: 'provider' });
  // The variables Loom sets (never the inherited host environment, never secrets): visible in the record.
  ctx.emit({ type: 'note', jobId, section: 'provider', message: 'job variables', data: { variables: state.request.env } });
  if (!(await resolveSecrets(ctx, state))) return undefined;
  if (ctx.provider === undefined) {
    return fail(ctx, {
      code: 'ENGINE_NO_PROVIDER',
      message: `no ${ctx.planned.provider} provider is available for job "${jobId}"`,
      hint: 'this is a wiring problem in the caller of runPipeline; pass a provider for every kind the plan uses',
    });
  }
  try {
    const prepared = await ctx.provider.prepare(state.request, ctx.bridge.report, ctx.signal);
    state.prepared = prepared;
    await restoreArtifacts(ctx, prepared);
    ctx.bridge.closeOpenSections('failed');
    ctx.emit({ type: 'section_finished', jobId, section: 'provider', status: 'success' });
    return prepared;
  } catch (error) {
    return fail(ctx, errorFields(error, 'PROVIDER_PREPARE_FAILED'));
  }
}
