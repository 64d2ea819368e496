/**
 * The live block under the permanent lines on a TTY: a header with the run's elapsed time and the
 * done/running/waiting/failed counts, one row per running job (its step and elapsed time), one per waiting
 * job with what it still waits for. Pure: the reporter hands in its state.
 */
import { formatDuration } from './format.js';
import type { Paint } from './colour.js';

/** What each planned job waits for (the plan's Graph IR edges), to say so while it waits. */
export interface Waits {
  /** Planned jobs in plan order, with their stage. */
  jobs: { id: string; stage: string }[];
  stages: string[];
  /** `needs` (job → job) and `stage` (the stage whose jobs, and those of earlier stages, must pass) edges. */
  edges: { from: string; to: string; kind: 'needs' | 'stage' }[];
}

export interface LiveState {
  startedTs: number | undefined;
  running: Map<string, { stage: string; startedTs: number; steps: number; step?: number; command?: string }>;
  /** Jobs that finished or were skipped. */
  ended: Set<string>;
  done: number;
  failed: number;
}

const MAX_WAITING_ROWS = 8;
const MAX_COMMAND = 48;

const short = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function namesList(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} +${names.length - 3}`;
}

/** The unfinished jobs a waiting job still needs (its needs, or every job of the stages up to its `stage` edge). */
function waitingFor(job: string, waits: Waits, state: LiveState): string[] {
  const stageIndex = new Map(waits.stages.map((s, i) => [s, i]));
  const open = (id: string) => !state.ended.has(id);
  return waits.edges
    .filter((e) => e.to === job)
    .flatMap((e) => {
      if (e.kind === 'needs') return open(e.from) ? [e.from] : [];
      const limit = stageIndex.get(e.from) ?? -1;
      return waits.jobs.filter((j) => (stageIndex.get(j.stage) ?? 0) <= limit && open(j.id)).map((j) => j.id);
    });
}

export function liveBlock(state: LiveState, waits: Waits | undefined, now: number, paint: Paint): string[] {
  const waiting = (waits?.jobs ?? []).filter((j) => !state.ended.has(j.id) && !state.running.has(j.id));
  const elapsed = state.startedTs === undefined ? '' : ` ${formatDuration(now - state.startedTs)}`;
  const counts = [`${state.done} done`, `${state.running.size} running`, `${waiting.length} waiting`, state.failed > 0 ? paint.bad(`${state.failed} failed`) : '0 failed'];
  const rows = [paint.bold(`loom run${elapsed}`) + paint.dim(' · ') + counts.join(paint.dim(' · '))];
  const width = Math.max(0, ...[...state.running.keys(), ...waiting.map((j) => j.id)].map((id) => id.length));
  for (const [id, job] of state.running) {
    const step = job.step === undefined ? 'preparing' : `step ${job.step}/${job.steps}${job.command ? ` ${short(job.command, MAX_COMMAND)}` : ''}`;
    rows.push(`  ${paint.accent('running')} ${id.padEnd(width)}  ${step} ${paint.dim(`· ${formatDuration(now - job.startedTs)}`)}`);
  }
  for (const job of waiting.slice(0, MAX_WAITING_ROWS)) {
    const on = waits ? waitingFor(job.id, waits, state) : [];
    rows.push(`  ${paint.dim('waiting')} ${job.id.padEnd(width)}  ${paint.dim(on.length > 0 ? `for ${namesList(on)}` : 'for a free slot')}`);
  }
  if (waiting.length > MAX_WAITING_ROWS) rows.push(paint.dim(`  … and ${waiting.length - MAX_WAITING_ROWS} more waiting`));
  return rows;
}

/** The waits of a plan, from its Graph IR. */
export function waitsOf(graph: { stages: string[]; jobs: { id: string; stage: string }[]; edges: Waits['edges'] }): Waits {
  return { stages: graph.stages, jobs: graph.jobs.map(({ id, stage }) => ({ id, stage })), edges: graph.edges };
}
