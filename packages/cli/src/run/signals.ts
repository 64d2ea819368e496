/**
 * SIGINT/SIGTERM: the first one cancels the run gracefully (the engine kills running steps, cleans up and the
 * writer leaves a receipt naming the signal); a second Ctrl-C exits at once.
 */
import type { CancelReason } from '@loom/engine';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Handled = keyof typeof EXIT_CODES;

export interface SignalGuard {
  signal: AbortSignal;
  dispose(): void;
}

export function installSignalHandlers(onForced: (message: string) => void): SignalGuard {
  const controller = new AbortController();
  let first: Handled | undefined;
  const handle = (name: Handled): void => {
    if (first === undefined) {
      first = name;
      const reason: CancelReason = { message: `cancelled by ${name}`, exitCode: EXIT_CODES[name] };
      controller.abort(reason);
      return;
    }
    if (name === 'SIGINT') {
      onForced(`second ${name}: exiting now, without cleanup; the run record may be incomplete`);
      process.exit(EXIT_CODES[first]);
    }
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
