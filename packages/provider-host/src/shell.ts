import type { StepSpec } from '@loom/contracts';

/**
 * Runs after the login profile and before the step: puts the job's PATH back (Debian's /etc/profile and
 * many ~/.profile files overwrite it), then replaces itself with a plain `sh -c` of the step. The PATH and
 * the command arrive as positional parameters ($1, $2), never spliced into this text, so no quoting of user
 * input happens anywhere. `exec` keeps the PID (and so the process group Loom kills) and gives the step
 * exactly `sh -c` semantics: `$0` is `sh`, no positional parameters, the usual `sh: 1: x: not found` text.
 * What the profile exported (variables, umask) carries over; its shell functions and aliases do not.
 */
export const restorePathScript = 'PATH=$1; export PATH; exec sh -c "$2"';

/** The argv (after the shell itself) of one step. */
export function stepArguments(step: StepSpec, jobPath: string | undefined): string[] {
  // Debug tracing skips the profile (the spec's `sh -x -c`), so PATH is already the job's, and the trace
  // shows only the user's command.
  if (step.debugTrace) return ['-x', '-c', step.command];
  if (jobPath === undefined) return ['-lc', step.command];
  return ['-lc', restorePathScript, 'sh', jobPath, step.command];
}
