/** Picks the screen: a live view on a TTY (unless `CI=true`), plain lines otherwise. Output goes to stderr,
 * like `loom check`'s, so stdout stays free. */
import { type Screen, liveScreen, plainScreen } from '../reporter/screen.js';
import type { Verbosity } from '../reporter/reporter.js';

/** A TTY of unknown size (0 rows, e.g. a pty nobody sized) could not show the region: plain lines then. */
export function wantsLiveView(out: { isTTY?: boolean; rows?: number }, env: NodeJS.ProcessEnv, verbosity: Verbosity): boolean {
  return out.isTTY === true && out.rows !== 0 && env['CI'] !== 'true' && verbosity !== 'quiet';
}

export async function openScreen(env: NodeJS.ProcessEnv, verbosity: Verbosity): Promise<Screen> {
  const out = process.stderr;
  return wantsLiveView(out, env, verbosity) ? liveScreen(out) : plainScreen(out);
}
