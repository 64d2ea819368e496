/**
 * `loom run --job NAME… [--no-needs] --variable KEY=VALUE…`: which jobs run and which values override the
 * workflow's variables, checked here as usage errors; the planner checks names against the workflow.
 */
import type { Plan, PlanOptions } from '@loom/planner';
import { LoomError } from '@loom/errors';

const usage = (message: string, hint: string) => new LoomError('CLI_RUN_USAGE', message, { hint });

/** cac gives a repeated option as an array, a single one as a string (or number, for `--job 1`). */
function listOf(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function variablesOf(value: unknown): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const entry of listOf(value)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw usage(`--variable expects KEY=VALUE; got ${JSON.stringify(entry)}`, 'e.g. --variable NODE_ENV=test (repeat the flag for more)');
    variables[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return variables;
}

/** The planner options of a run, from the parsed flags (`--no-needs` arrives as `needs: false`). */
export function selectionOf(options: Record<string, unknown>): PlanOptions {
  const jobs = listOf(options['job']);
  const noNeeds = options['needs'] === false;
  if (noNeeds && jobs.length === 0) throw usage('--no-needs needs --job: it runs only the named jobs', 'e.g. loom run --local --job test --no-needs');
  const variables = variablesOf(options['variable']);
  return {
    ...(jobs.length > 0 ? { jobs } : {}),
    ...(noNeeds ? { noNeeds } : {}),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
  };
}

/** What `--no-needs` left out, one line per job, for the terminal (the receipt keeps the argv). */
export function leftOutLines(plan: Plan): string[] {
  return plan.leftOut.map(
    ({ job, neededBy }) => `not running ${job} (needed by ${neededBy.join(', ')}): --no-needs runs only the named jobs, against the workspace as it is`,
  );
}

/**
 * The argv to record when a `--variable` was refused as a secret's name: every `--variable` value becomes
 * `[REDACTED]` (`KEY=[REDACTED]`), since what was typed there may be the secret itself.
 */
export function withVariableValuesRedacted(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    const inline = /^--variable=([^=]*)=/.exec(arg);
    if (inline) return `--variable=${inline[1]}=[REDACTED]`;
    if (argv[i - 1] === '--variable' && arg.includes('=')) return `${arg.slice(0, arg.indexOf('='))}=[REDACTED]`;
    return arg;
  });
}
