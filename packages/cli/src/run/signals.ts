/**
 * SIGINT/SIGTERM: the first one cancels the run gracefully (the engine kills running steps, cleans up and the
 * writer leaves a receipt naming the signal). A second one exits at once, but not blindly: the run record is
 * finished as it stands (the receipt is written synchronously), every provider gets one bounded chance to end
 * its jobs' processes and containers (`abandon`), and the process exits within about a second.
 */
import type { CancelReason } from '@loom/engine';
import { takeEarlySignals } from '../early-signals.js';
import { hurry } from './lingering.js';
import type { RunContext } from './record.js';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Handled = keyof typeof EXIT_CODES;

/** How long a forced exit gives the providers to remove containers and networks before it exits anyway. */
const abandonDeadlineMs = 800;

export interface SignalGuard {
  signal: AbortSignal;
  dispose(): void;
}

export function installSignalHandlers(say: (message: string) => void, run?: RunContext): SignalGuard {
  const controller = new AbortController();
  let first: Handled | undefined;
  let forcing = false;
  const force = async (name: Handled, firstName: Handled): Promise<never> => {
    const exitCode = EXIT_CODES[firstName];
    say(`second ${name}: exiting now, without waiting for cleanup; Loom ends its jobs' processes and containers on the way out`);
    const [{ closeRecordNow }, { abandonProviders }, { abandonPreboots }] = await Promise.all([import('./record.js'), import('./providers.js'), import('./preboot.js')]);
    const receipt = run ? closeRecordNow(run, exitCode, `cancelled by ${firstName}, then ${name} again: exited without waiting for cleanup`) : undefined;
    await Promise.all([abandonProviders(abandonDeadlineMs), abandonPreboots(abandonDeadlineMs)]);
    if (receipt) say(`receipt: ${receipt}`);
    process.exit(exitCode);
  };
  let disposed = false;
  const handle = (name: Handled): void => {
    // The run is over (receipt written) and the process about to exit: a late second signal just exits now,
    // with the first signal's code (the default action would end it by the signal instead).
    if (disposed) process.exit(EXIT_CODES[first ?? name]);
    if (first === undefined) {
      first = name;
      hurry();
      const reason: CancelReason = { message: `cancelled by ${name}`, exitCode: EXIT_CODES[name] };
      controller.abort(reason);
      return;
    }
    if (forcing) return;
    forcing = true;
    void force(name, first);
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // A signal that came while Loom was loading counts as received now.
  for (const early of takeEarlySignals()) handle(early);
  return {
    signal: controller.signal,
    /** The run ended: the handlers stay (until exit) only to exit at once on a late signal. */
    dispose() {
      disposed = true;
    },
  };
}
