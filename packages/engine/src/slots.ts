/**
 * Step slots: how many jobs may be past their provider prepare at once — restoring caches, running steps,
 * extracting artifacts, saving caches. A Docker job's prepare (image, network, services, container, seed
 * upload) and its cleanup mostly wait on the daemon, so they run outside the bound: the third job of a stage
 * boots its container while two others run steps (issue 15, bench `docker`).
 */
export interface StepSlots {
  /** Resolves with the slot's release once one is free — at once when `signal` is aborted (nothing runs then). */
  acquire(signal: AbortSignal): Promise<() => void>;
}

export function createStepSlots(size: number): StepSlots {
  let free = Math.max(1, Math.floor(size));
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };
  const once = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    acquire(signal) {
      if (free > 0) {
        free -= 1;
        return Promise.resolve(once());
      }
      if (signal.aborted) return Promise.resolve(() => undefined);
      return new Promise((resolve) => {
        const granted = (): void => {
          signal.removeEventListener('abort', cancelled);
          resolve(once());
        };
        const cancelled = (): void => {
          const at = waiting.indexOf(granted);
          if (at >= 0) waiting.splice(at, 1);
          resolve(() => undefined);
        };
        waiting.push(granted);
        signal.addEventListener('abort', cancelled, { once: true });
      });
    },
  };
}
