/**
 * The report as one self-contained HTML file: inline CSS, no script, no font or image from anywhere, and a
 * Content-Security-Policy that forbids any request, so opening it never touches the network. Links are
 * relative to the logs directory (the report sits in it), so an exported record keeps working.
 */
import { formatDuration } from '../reporter/format.js';
import { esc, href } from './escape.js';
import type { ReportJob, ReportModel, ReportStep } from './model.js';
import { STYLE } from './style.js';
import { renderTimeline } from './timeline.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const dur = (ms: number | null): string => (ms === null ? '' : formatDuration(ms));
const when = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');
const badge = (status: string): string => `<span class="badge status-${esc(status)}">${esc(status)}</span>`;
const links = (items: { label: string; href: string }[]): string => items.map((l) => `<a href="${href(l.href)}">${esc(l.label)}</a>`).join('');

function header(model: ReportModel): string {
  const counts = ['success', 'failed', 'skipped'].map((s) => `${model.jobs.filter((j) => j.status === s).length} ${s}`).join(', ');
  return [
    `<h1>${esc(model.runId)} ${badge(model.status)}</h1>`,
    `<div class="meta"><span>started ${esc(when(model.startMs))}</span><span>took ${esc(dur(model.durationMs))}</span><span>exit code ${esc(String(model.exitCode ?? '—'))}</span><span>${esc(counts)}</span>${model.loomVersion ? `<span>loom ${esc(model.loomVersion)}</span>` : ''}</div>`,
    model.command ? `<div class="meta mono">$ ${esc(model.command.join(' '))}</div>` : '',
    model.error ? `<p class="error">${esc(model.error)}</p>` : '',
    `<div class="links">records: ${links(model.links)}</div>`,
  ].join('\n');
}

function stepRow(step: ReportStep): string {
  const exit = step.exitCode === null ? '' : String(step.exitCode);
  const events = step.eventsHref ? `<a href="${href(step.eventsHref)}">events</a>` : '';
  return `<tr class="step${step.failing ? ' failing' : ''}" data-step="${step.index}"><td class="num">${step.index}</td><td><code>${esc(step.command)}</code></td><td>${esc(step.status)}</td><td class="num">${esc(dur(step.durationMs))}</td><td class="num">${esc(exit)}</td><td>${events}</td></tr>`;
}

function jobSection(job: ReportJob): string {
  const errors = job.errors.map((e) => `<li class="error">${esc(e.code)}: ${esc(e.message)}${e.hint ? ` <span class="hint">— ${esc(e.hint)}</span>` : ''}</li>`);
  const where = job.image ? `docker ${job.image}` : job.provider;
  return [
    `<section class="job ${esc(job.status)}" id="job-${esc(job.id)}" data-status="${esc(job.status)}">`,
    `<header><h3>${esc(job.id)}</h3>${badge(job.status)}<span class="meta">stage ${esc(job.stage)} · ${esc(where)} · ${esc(dur(job.durationMs))}${job.exitCode === null ? '' : ` · exit ${job.exitCode}`}</span><span class="links">${links(job.links)}</span></header>`,
    job.reason ? `<p class="meta">${esc(job.reason)}</p>` : '',
    job.failingSection && job.failingSection !== 'user/execution' ? `<p class="error">failed in section ${esc(job.failingSection)}</p>` : '',
    errors.length > 0 ? `<ul class="plain">${errors.join('')}</ul>` : '',
    job.steps.length > 0 ? `<table class="steps"><thead><tr><th>#</th><th>command</th><th>status</th><th>took</th><th>exit</th><th></th></tr></thead><tbody>${job.steps.map(stepRow).join('')}</tbody></table>` : '',
    job.failingLines.length > 0 ? `<pre class="tail" data-job="${esc(job.id)}">${esc(job.failingLines.join('\n'))}</pre>` : '',
    '</section>',
  ].join('\n');
}

function cacheSection(model: ReportModel): string {
  const rows = model.jobs.filter((j) => j.cache !== null).map((j) => `<tr><td>${esc(j.id)}</td><td class="mono">${esc(j.cache!)}</td></tr>`);
  if (rows.length === 0) return '<h2 id="cache">Cache</h2><p class="meta">No job used a cache.</p>';
  return `<h2 id="cache">Cache</h2><table><thead><tr><th>job</th><th>cache</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function artifactsSection(model: ReportModel): string {
  const rows = model.jobs.flatMap((j) => {
    const a = j.artifacts;
    if (a === null) return [];
    const files = a.files_path ? `<a href="${href(a.files_path)}/">files</a> ` : '';
    const archive = a.archive_path ? `<a href="${href(a.archive_path)}">artifacts.tar.gz</a>` : '';
    const missing = a.missing.length > 0 ? `<div class="error">matched nothing: ${esc(a.missing.join(', '))}</div>` : '';
    const size = a.files === null ? '' : `${a.files} file${a.files === 1 ? '' : 's'}, ${a.bytes ?? 0} bytes`;
    return [`<tr><td>${esc(j.id)}</td><td class="mono">${esc(a.copied.join(', ') || '—')}${missing}</td><td>${esc(size)}</td><td>${files}${archive}</td></tr>`];
  });
  if (rows.length === 0) return '<h2 id="artifacts">Artifacts</h2><p class="meta">No job kept artifacts.</p>';
  return `<h2 id="artifacts">Artifacts</h2><table><thead><tr><th>job</th><th>paths</th><th>size</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderReport(model: ReportModel): string {
  const failed = model.jobs.filter((j) => j.status === 'failed');
  const ordered = [...failed, ...model.jobs.filter((j) => j.status !== 'failed')];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`${model.status === 'success' ? '✓' : '✗'} ${model.runId} — loom report`)}</title>
<style>${STYLE}</style></head>
<body><main>
${header(model)}
<h2 id="timeline">Pipeline</h2>
${model.jobs.length > 0 ? renderTimeline(model) : '<p class="meta">No job ran.</p>'}
<h2 id="jobs">Jobs${failed.length > 0 ? ` (${failed.length} failed, shown first)` : ''}</h2>
${ordered.map(jobSection).join('\n')}
${cacheSection(model)}
${artifactsSection(model)}
</main></body></html>
`;
}
