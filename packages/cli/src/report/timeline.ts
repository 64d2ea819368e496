/**
 * The pipeline as a timeline: one row per job, grouped by stage, each a bar from its start to its end on the
 * run's time axis, coloured by status, with the `needs` edges drawn from the end of the needed job's bar to
 * the start of the waiting one. Plain HTML/CSS + one inline SVG; no script.
 */
import { formatDuration } from '../reporter/format.js';
import { esc } from './escape.js';
import type { ReportJob, ReportModel } from './model.js';

const ROW_HEIGHT = 26;

interface Placed {
  job: ReportJob;
  row: number;
  /** Percent of the axis. */
  left: number;
  width: number;
}

function axis(model: ReportModel): { start: number; span: number } {
  const starts = model.jobs.flatMap((j) => (j.startMs === null ? [] : [j.startMs]));
  const ends = model.jobs.flatMap((j) => (j.endMs === null ? [] : [j.endMs]));
  const start = Math.min(...starts, model.startMs ?? Infinity);
  const end = Math.max(...ends, model.endMs ?? -Infinity);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { start: 0, span: 1 };
  return { start, span: Math.max(1, end - start) };
}

/** Jobs in stage order (the model's stages first, then any stage only a job names), each on its own row. */
function place(model: ReportModel): { stages: { name: string; row: number }[]; placed: Placed[]; rows: number } {
  const { start, span } = axis(model);
  const stageNames = [...new Set([...model.stages, ...model.jobs.map((j) => j.stage)])];
  const stages: { name: string; row: number }[] = [];
  const placed: Placed[] = [];
  let row = 0;
  for (const name of stageNames) {
    const jobs = model.jobs.filter((j) => j.stage === name);
    if (jobs.length === 0) continue;
    stages.push({ name, row: row++ });
    for (const job of jobs) {
      const left = job.startMs === null ? 0 : ((job.startMs - start) / span) * 100;
      const right = job.endMs === null ? left : ((job.endMs - start) / span) * 100;
      placed.push({ job, row: row++, left, width: Math.max(0, right - left) });
    }
  }
  return { stages, placed, rows: row };
}

const pct = (n: number): string => `${n.toFixed(2)}%`;
const clock = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().slice(11, 23));

function bar(p: Placed): string {
  const { job } = p;
  const took = job.durationMs === null ? '' : formatDuration(job.durationMs);
  const title = `${job.id}: ${job.status}${job.exitCode === null ? '' : ` (exit ${job.exitCode})`}${took ? `, ${took}` : ''} — ${clock(job.startMs)} → ${clock(job.endMs)}`;
  const label = `<a class="row-label" href="#job-${esc(job.id)}">${esc(job.id)}</a>`;
  const body =
    job.startMs === null
      ? `<span class="not-run">${esc(job.status)}${job.reason ? `: ${esc(job.reason)}` : ''}</span>`
      : `<a class="bar status-${esc(job.status)}" data-job="${esc(job.id)}" href="#job-${esc(job.id)}" style="left:${pct(p.left)};width:max(${pct(p.width)},3px)" title="${esc(title)}"><span>${esc(took)}</span></a>`;
  return `<div class="row" style="top:${p.row * ROW_HEIGHT}px">${label}<div class="lane">${body}</div></div>`;
}

/** `needs` edges as SVG paths in a 100 × rows·ROW_HEIGHT box stretched over the lanes. */
function edges(model: ReportModel, placed: Placed[], height: number): string {
  const at = new Map(placed.map((p) => [p.job.id, p]));
  const paths = model.edges.flatMap(({ from, to }) => {
    const a = at.get(from);
    const b = at.get(to);
    if (!a || !b || a.job.startMs === null || b.job.startMs === null) return [];
    const [x1, y1] = [a.left + a.width, a.row * ROW_HEIGHT + ROW_HEIGHT / 2];
    const [x2, y2] = [b.left, b.row * ROW_HEIGHT + ROW_HEIGHT / 2];
    const mid = (x1 + x2) / 2;
    return [`<path class="edge" data-from="${esc(from)}" data-to="${esc(to)}" d="M${x1.toFixed(2)},${y1} C${mid.toFixed(2)},${y1} ${mid.toFixed(2)},${y2} ${x2.toFixed(2)},${y2}"/>`];
  });
  return `<svg class="edges" viewBox="0 0 100 ${height}" preserveAspectRatio="none" aria-hidden="true">${paths.join('')}</svg>`;
}

export function renderTimeline(model: ReportModel): string {
  const { stages, placed, rows } = place(model);
  const height = rows * ROW_HEIGHT;
  const stageRows = stages.map((s) => `<div class="row stage-row" style="top:${s.row * ROW_HEIGHT}px"><span class="stage-name">${esc(s.name)}</span></div>`);
  const { span } = axis(model);
  return [
    `<div class="timeline" style="height:${height}px">`,
    ...stageRows,
    ...placed.map(bar),
    `<div class="edge-layer">${edges(model, placed, height)}</div>`,
    '</div>',
    `<div class="axis"><span>0s</span><span>${esc(formatDuration(span / 2))}</span><span>${esc(formatDuration(span))}</span></div>`,
  ].join('\n');
}
