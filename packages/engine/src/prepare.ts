/**
 * The `provider` section (phase `job.provider_prepare`): secrets first, then the provider's own setup. Returns
 * the prepared job, or undefined when the job cannot run — and then the reason is an `error` event here.
 */
import type { PreparedJob, SecretRef } from '@loom/contracts';
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

/**
 * Never runs a job without its secrets: with no resolver wired (until the secrets feature lands) a job that
 * declares any fails closed here. Values are registered with the masker before the job's env carries them.
 */
async function resolveSecrets(ctx: JobContext, state: JobState): Promise<boolean> {
  const refs = secretRefs(ctx);
  if (refs.length === 0) return true;
  const names = refs.map((r) => r.name).join(', ');
  if (ctx.secrets === undefined) {
    fail(ctx, {
      code: 'SECRETS_NOT_SUPPORTED',
      message: `secrets are not supported yet: job "${ctx.planned.id}" declares ${names}, and Loom never runs a job without its secrets`,
      hint: 'remove the job\'s `secrets:` (pass the values another way) until secret resolution lands',
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
    const env = { ...state.request.env, ...resolved.env };
    state.request = { ...state.request, env, mounts: [...state.request.mounts, ...resolved.mounts] };
    return true;
  } catch (error) {
    fail(ctx, errorFields(error, 'SECRETS_RESOLVE_FAILED'));
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
    const prepared = await ctx.provider.prepare(state.request, ctx.bridge.report);
    state.prepared = prepared;
    ctx.bridge.closeOpenSections('failed');
    ctx.emit({ type: 'section_finished', jobId, section: 'provider', status: 'success' });
    return prepared;
  } catch (error) {
    return fail(ctx, errorFields(error, 'PROVIDER_PREPARE_FAILED'));
  }
}
