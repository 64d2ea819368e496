/**
 * Building `events.jsonl` lines as strings. The hot path (output lines) concatenates a prefix computed once
 * per step or section with the JSON-escaped text: no per-line object, spread or validation. Key order is
 * fixed and documented: schema_version, ts, seq, run_id, pipeline_id, scope, job_id, step, section,
 * phase_code, phase_family, event, then the event's own fields.
 */
import type { SectionName } from '@loom/contracts';
import { LOGS_SCHEMA_VERSION } from '../constants.js';
import type { EventKind } from '../documents/event-line.js';
import type { PhaseCode, Scope } from '../events.js';
import { PHASE_FAMILY, PHASE_SCOPE } from '../phases.js';

export interface Address {
  scope: Scope;
  phase_code: PhaseCode;
  job_id: string | null;
  step: number | null;
  section: SectionName | null;
}

const HEAD = `{"schema_version":"${LOGS_SCHEMA_VERSION}","ts":"`;

/** The address part of a line, from `run_id` to `phase_family`, without braces. */
export function addressFragment(runId: string, pipelineId: string | null, a: Address): string {
  return (
    `"run_id":${JSON.stringify(runId)},"pipeline_id":${JSON.stringify(pipelineId)},` +
    `"scope":"${a.scope}","job_id":${JSON.stringify(a.job_id)},"step":${a.step === null ? 'null' : a.step},` +
    `"section":${a.section === null ? 'null' : `"${a.section}"`},` +
    `"phase_code":"${a.phase_code}","phase_family":"${PHASE_FAMILY[a.phase_code]}"`
  );
}

/** An address for a phase code, at the scope the code belongs to. */
export function addressOf(
  phase_code: PhaseCode,
  where: { job_id?: string | null; step?: number | null; section?: SectionName | null; scope?: Scope } = {},
): Address {
  return {
    scope: where.scope ?? PHASE_SCOPE[phase_code],
    phase_code,
    job_id: where.job_id ?? null,
    step: where.step ?? null,
    section: where.section ?? null,
  };
}

/** Converts epoch ms to RFC 3339, remembering the last one (consecutive lines mostly share a millisecond). */
export function createIsoClock(): (ms: number) => string {
  let lastMs = Number.NaN;
  let lastIso = '';
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = new Date(ms).toISOString();
    }
    return lastIso;
  };
}

/** A complete line. `fields` are the event's own fields, already redacted; undefined values are dropped. */
export function formatLine(
  iso: string,
  seq: number,
  fragment: string,
  event: EventKind,
  fields?: Record<string, unknown>,
): string {
  const own = fields === undefined ? '' : JSON.stringify(fields);
  const rest = own.length > 2 ? `,${own.slice(1, -1)}` : '';
  return `${HEAD}${iso}","seq":${seq},${fragment},"event":"${event}"${rest}}\n`;
}

/**
 * The start of an output record, up to where its lines go (`"line":"…"}` for one, `"lines":[…]}` for a
 * batch; `LineFile.openOutput` closes it).
 */
export function formatOutputHead(iso: string, seq: number, fragment: string, stream: 'stdout' | 'stderr'): string {
  return `${HEAD}${iso}","seq":${seq},${fragment},"event":"output","stream":"${stream}",`;
}

/** One output line on its own record: a piece of a cut line, or a line with `line_b64`. */
export function formatOutputLine(
  iso: string,
  seq: number,
  fragment: string,
  stream: 'stdout' | 'stderr',
  text: string,
  lineB64: string | undefined,
  partial: boolean,
): string {
  const b64 = lineB64 === undefined ? '' : `,"line_b64":"${lineB64}"`;
  return `${HEAD}${iso}","seq":${seq},${fragment},"event":"output","stream":"${stream}","line":${JSON.stringify(
    text,
  )}${b64}${partial ? ',"partial":true' : ''}}\n`;
}
