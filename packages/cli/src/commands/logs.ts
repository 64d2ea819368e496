/**
 * `loom logs [JOB] [--run RUN_ID|--last|--from run.tar.gz] [--step N]`: a job's output as plain text from the
 * run record (no second copy of the output is kept for this). Without JOB, every job of the run in plan
 * order, each under a `== job: status ==` line. Text goes to stdout, problems to stderr.
 */
import { LoomError, formatLoomError, isLoomError } from '@loom/errors';
import { readRunView, type JobView } from '@loom/runtime-logs/reader';
import { writeJobLog } from '../record/job-log.js';
import { pickRun } from '../record/pick-run.js';
import { textOut } from '../record/text-out.js';

export async function logsCommand(jobName: string | undefined, options: Record<string, unknown>): Promise<number> {
  const step = stepOf(options['step'], jobName);
  const picked = await pickRun(options);
  try {
    const view = await readRunView(picked.logsDir);
    const jobs = jobName === undefined ? view.jobs : [await jobOf(view.jobs, jobName, picked.runId)];
    const out = textOut();
    for (const job of jobs) {
      await writeJobLog(view.logsDir, job, out, { header: jobName === undefined, ...(step === undefined ? {} : { step: checkStep(job, step) }) });
      if (out.closed) break;
    }
    await out.flush();
    if (jobs.length === 0) process.stderr.write(`loom logs: run ${picked.runId} ran no job${view.summary.error ? ` (${view.summary.error})` : ''}\n`);
    return 0;
  } catch (error) {
    if (!isLoomError(error)) throw error;
    process.stderr.write(`${formatLoomError(error)}\n`);
    return 1;
  } finally {
    await picked.dispose();
  }
}

function stepOf(value: unknown, jobName: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new LoomError('CLI_USAGE', `--step expects a step number, 1 or more; got ${JSON.stringify(value)}`, { hint: 'steps are numbered from 1 in script order' });
  if (jobName === undefined) throw new LoomError('CLI_USAGE', '--step needs a job: loom logs <job> --step N', { hint: 'e.g. loom logs build --step 2' });
  return n;
}

/** The named job; a typo gets "did you mean" (the planner's matcher, loaded only then). */
async function jobOf(jobs: JobView[], name: string, runId: string): Promise<JobView> {
  const job = jobs.find((j) => j.id === name);
  if (job) return job;
  const ids = jobs.map((j) => j.id);
  const { closestName } = await import('@loom/planner');
  const guess = closestName(name, ids);
  throw new LoomError('CLI_UNKNOWN_JOB', `run ${runId} has no job "${name}"`, {
    hint: `${guess === undefined ? '' : `did you mean "${guess}"? `}its jobs: ${ids.join(', ') || 'none'}`,
  });
}

function checkStep(job: JobView, step: number): number {
  const count = job.manifest?.steps.length ?? 0;
  if (step <= count) return step;
  throw new LoomError('CLI_USAGE', `job "${job.id}" has ${count} step${count === 1 ? '' : 's'}; there is no step ${step}`, { hint: `pick --step 1…${count}` });
}
