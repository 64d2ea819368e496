/**
 * The `cleanup` section (phase `job.cleanup`): always, even when prepare failed or the run was cancelled.
 * A cleanup failure is recorded here (section `failed`, an `error` event) but does not change the job's
 * outcome: the job's work is done; what was left behind is named in the record.
 */
import { type JobContext, type JobState, errorFields } from './job-context.js';

export async function cleanupPhase(ctx: JobContext, state: JobState): Promise<void> {
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'section_started', jobId, section: 'cleanup' });
  let failed = false;
  if (ctx.provider !== undefined) {
    try {
      await ctx.provider.cleanup({ request: state.request, ...(state.prepared ? { prepared: state.prepared } : {}) }, ctx.bridge.report);
    } catch (error) {
      failed = true;
      ctx.emit({ type: 'error', jobId, section: 'cleanup', ...errorFields(error, 'PROVIDER_CLEANUP_FAILED') });
    }
    ctx.bridge.closeOpenSections('failed');
  }
  if (state.resolvedSecrets !== undefined) {
    try {
      await state.resolvedSecrets.dispose();
    } catch (error) {
      failed = true;
      ctx.emit({ type: 'error', jobId, section: 'cleanup', ...errorFields(error, 'SECRETS_DISPOSE_FAILED') });
    }
  }
  ctx.emit({ type: 'section_finished', jobId, section: 'cleanup', status: failed ? 'failed' : 'success' });
}
