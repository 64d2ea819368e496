/**
 * Where the reporter writes. `plain`: one line at a time (pipes, files, `CI=true`). `live` (a TTY): the same
 * permanent lines, plus a region under them, redrawn by log-update, listing the running jobs with their
 * elapsed time.
 */
import type { Writable } from 'node:stream';

export interface Screen {
  /** A permanent line. */
  print(line: string): void;
  /** Replaces the live region (no-op on a plain screen). */
  setLive(rows: () => string[]): void;
  /** Clears the live region and stops redrawing; permanent lines stay. */
  stop(): void;
}

export function plainScreen(out: Writable): Screen {
  return {
    print: (line) => void out.write(`${line}\n`),
    setLive: () => undefined,
    stop: () => undefined,
  };
}

/** Redraw period of the elapsed times. */
const TICK_MS = 200;

export async function liveScreen(out: Writable & { isTTY?: boolean }): Promise<Screen> {
  const { createLogUpdate } = await import('log-update');
  const region = createLogUpdate(out as NodeJS.WriteStream);
  let rows: () => string[] = () => [];
  const draw = (): void => {
    const lines = rows();
    if (lines.length === 0) region.clear();
    else region(lines.join('\n'));
  };
  const timer = setInterval(draw, TICK_MS);
  timer.unref();
  return {
    print(line) {
      region.clear();
      out.write(`${line}\n`);
      draw();
    },
    setLive(next) {
      rows = next;
      draw();
    },
    stop() {
      clearInterval(timer);
      region.clear();
      region.done(); // shows the cursor again
    },
  };
}
