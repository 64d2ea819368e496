/**
 * Work a command starts but need not finish before it returns (the leftover sweep at the start of a run),
 * and the exit that follows the command. Imported by bin.ts, so it must stay tiny and dependency-free.
 */
const pending = new Set<Promise<unknown>>();
let hurried = false;

/** The run was interrupted: the user wants the process gone, so lingering work is not waited for at exit
 * (a sweep cut short is redone by the next run). */
export function hurry(): void {
  hurried = true;
}

/** Lets `work` run beside the command; `settleLingering` gives it a bounded chance to finish. */
export function linger(work: Promise<unknown>): void {
  const tracked = work.catch(() => undefined).finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/** Settles with `work` or after `maxMs`, whichever comes first; the timer never keeps the process alive. */
export async function atMost(work: Promise<unknown>, maxMs: number): Promise<void> {
  await Promise.race([work, new Promise((r) => setTimeout(r, maxMs).unref())]);
}

/** Waits for lingering work, at most `maxMs`. */
async function settleLingering(maxMs: number): Promise<void> {
  if (pending.size === 0) return;
  await atMost(Promise.all(pending), maxMs);
}

/**
 * Ends the process once the command is done and its output written: a socket or timer something left open
 * (a library's keep-alive agent, a daemon that never answers) must not keep Loom alive after its receipt
 * (issue 17). stdout/stderr writes to files and pipes are synchronous on Linux, so nothing printed is lost.
 */
export async function exitAfter(code: number): Promise<never> {
  if (!hurried) await settleLingering(500);
  process.exit(code);
}
