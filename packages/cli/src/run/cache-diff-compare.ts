/**
 * `--cache-diff`'s comparison (cache.md §8), pure: per job, the cache-off and cache-on passes' status, exit
 * code, per-step exit codes and cache path digests, read from each pass's events. A job that diverges gets
 * the keys its cache-on pass restored quarantined.
 */
import type { CacheDiff, LoomEvent } from '@loom/runtime-logs';

interface JobFacts {
  status: string;
  exitCode: number;
  steps: Map<number, number>;
  digests: Map<string, string | null>;
  hits: { name: string; key: string }[];
}

const jobOf = (jobs: Map<string, JobFacts>, id: string): JobFacts => {
  let job = jobs.get(id);
  if (job === undefined) {
    job = { status: 'not run', exitCode: -1, steps: new Map(), digests: new Map(), hits: [] };
    jobs.set(id, job);
  }
  return job;
};

type Entry = { name?: unknown; status?: unknown; matched_key?: unknown };

function noteDigests(job: JobFacts, data: Record<string, unknown> | undefined): void {
  const digests = data?.['cache_digests'];
  if (!Array.isArray(digests)) return;
  for (const d of digests as { name: string; digest: string | null }[]) job.digests.set(d.name, d.digest);
}

/** What one pass did, per job. */
function factsOf(events: readonly LoomEvent[]): Map<string, JobFacts> {
  const jobs = new Map<string, JobFacts>();
  for (const e of events) {
    if (e.type === 'job_finished') Object.assign(jobOf(jobs, e.jobId), { status: e.status, exitCode: e.exitCode });
    else if (e.type === 'job_skipped') Object.assign(jobOf(jobs, e.jobId), { status: 'skipped' });
    else if (e.type === 'step_finished') jobOf(jobs, e.jobId).steps.set(e.index, e.exitCode);
    else if (e.type === 'note' && e.jobId !== undefined) noteDigests(jobOf(jobs, e.jobId), e.data);
    else if (e.type === 'section_finished' && e.section === 'cache_restore') {
      const entries = (e.data?.['entries'] ?? []) as Entry[];
      for (const r of entries) {
        if ((r.status === 'hit' || r.status === 'fallback_hit') && typeof r.matched_key === 'string') jobOf(jobs, e.jobId).hits.push({ name: String(r.name), key: r.matched_key });
      }
    }
  }
  return jobs;
}

function reasonsOf(off: JobFacts, on: JobFacts): string[] {
  const reasons: string[] = [];
  if (off.status !== on.status) reasons.push(`status ${off.status} (cache off) vs ${on.status} (cache on)`);
  if (off.exitCode !== on.exitCode) reasons.push(`exit code ${off.exitCode} (cache off) vs ${on.exitCode} (cache on)`);
  for (const index of [...new Set([...off.steps.keys(), ...on.steps.keys()])].sort((a, b) => a - b)) {
    const [a, b] = [off.steps.get(index), on.steps.get(index)];
    if (a !== b) reasons.push(`step ${index} exit code ${a ?? 'not run'} (cache off) vs ${b ?? 'not run'} (cache on)`);
  }
  for (const name of new Set([...off.digests.keys(), ...on.digests.keys()])) {
    if (off.digests.get(name) !== on.digests.get(name)) reasons.push(`cache ${name}: the paths' content differs after the job`);
  }
  return reasons;
}

export function compareCachePasses(offEvents: readonly LoomEvent[], onEvents: readonly LoomEvent[]): Pick<CacheDiff, 'jobs' | 'quarantined'> {
  const off = factsOf(offEvents);
  const on = factsOf(onEvents);
  const jobs: CacheDiff['jobs'] = [];
  const quarantined: CacheDiff['quarantined'] = [];
  for (const [jobId, onFacts] of on) {
    const offFacts = off.get(jobId) ?? jobOf(new Map(), jobId);
    const reasons = reasonsOf(offFacts, onFacts);
    jobs.push({ job_id: jobId, diverged: reasons.length > 0, reasons, cache_hits: onFacts.hits });
    if (reasons.length === 0) continue;
    for (const hit of onFacts.hits) quarantined.push({ key: hit.key, name: hit.name, job_id: jobId, reason: reasons.join('; ') });
  }
  return { jobs, quarantined };
}
