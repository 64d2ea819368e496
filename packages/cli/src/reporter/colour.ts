/**
 * Colour for the terminal: on when the stream is a TTY, off when piped; `NO_COLOR` (any value) turns it off
 * and `FORCE_COLOR` (anything but `0`/`false`) turns it on even when piped, as most tools do
 * (no-color.org; FORCE_COLOR wins). Plain ANSI SGR codes — no library needed for six colours.
 */
export interface Paint {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  accent(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const noPaint: Paint = { ok: (t) => t, bad: (t) => t, warn: (t) => t, dim: (t) => t, bold: (t) => t, accent: (t) => t };

export const ansiPaint: Paint = { ok: sgr(32, 39), bad: sgr(31, 39), warn: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22), accent: sgr(36, 39) };

export function colourEnabled(out: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase());
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return out.isTTY === true && env['TERM'] !== 'dumb';
}

export const paintFor = (out: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Paint => (colourEnabled(out, env) ? ansiPaint : noPaint);

/** A job or step status in its colour. */
export function paintStatus(paint: Paint, status: string): string {
  if (status === 'success') return paint.ok(status);
  if (status === 'skipped' || status === 'cancelled') return paint.dim(status);
  return paint.bad(status);
}
