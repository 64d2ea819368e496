/**
 * SIGINT/SIGTERM that arrive while Loom is still loading (before `loom run` installs its handlers, ~0.1–0.5 s
 * on a loaded machine): without a handler Node's default would kill the process with no receipt. They are
 * held here and handed to the run's handlers (`takeEarlySignals`), which act on them as if just received.
 * Nobody takes them within a second (another command, which has no handlers of its own), or a second one
 * comes: the process exits with 130/143 as Node's default would. Tiny: bin.ts imports it first.
 */
export type EarlySignal = 'SIGINT' | 'SIGTERM';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
const held: EarlySignal[] = [];
let fallback: NodeJS.Timeout | undefined;

const hold = (signal: EarlySignal): void => {
  if (held.length > 0) process.exit(EXIT_CODES[held[0]!]);
  held.push(signal);
  fallback = setTimeout(() => process.exit(EXIT_CODES[signal]), 1000);
  fallback.unref();
};
const onInt = (): void => hold('SIGINT');
const onTerm = (): void => hold('SIGTERM');

export function holdEarlySignals(): void {
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
}

/** Stops holding; returns what arrived meanwhile, in order. */
export function takeEarlySignals(): EarlySignal[] {
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  clearTimeout(fallback);
  return held.splice(0);
}
