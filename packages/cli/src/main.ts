/**
 * Argument parsing and dispatch. Each command lives in `commands/` and is imported only when chosen, so
 * `loom --version` and `loom check` do not pay for Docker or execa.
 */
import { cac } from 'cac';
import { isLoomError, formatLoomError } from '@loom/errors';
import { loomVersion } from './version.js';

export type CommandResult = number;

/** A flag: cac's spelling, its help, and a default when it has one. */
type Flag = [spelling: string, help: string, defaultValue?: string];

/** One command: cac's spelling (with its positional args), help, flags, and what runs it — loaded only when chosen. */
interface CommandEntry {
  spelling: string;
  help: string;
  flags?: Flag[];
  /** `secrets` hands its own arguments (`keepass add …`) to its subcommands. */
  unknownFlags?: boolean;
  run(argv: string[], args: unknown[], options: Record<string, unknown>): Promise<CommandResult>;
}

const workflowFlag: Flag = ['--workflow <path>', 'Workflow file', '.loom/workflow.yml'];
const runFlags: Flag[] = [['--run <run_id>', 'That run (loom runs lists them)'], ['--last', 'The latest run (the default)']];

const commands: CommandEntry[] = [
  { spelling: 'check', help: 'Validate .loom/workflow.yml against schema v1 (no flags)', run: (argv) => import('./commands/check.js').then((m) => m.checkCommand(argv)) },
  {
    spelling: 'compile',
    help: 'Print the resolved Graph IR of a workflow as JSON',
    flags: [workflowFlag],
    run: (_, __, options) => import('./commands/compile.js').then((m) => m.compileCommand(options as { workflow: string })),
  },
  {
    spelling: 'run',
    help: 'Run the workflow in an isolated workspace',
    flags: [
      ['--local', 'Run on this machine (required: remote execution is not available)'],
      workflowFlag,
      ['--stream', 'Stream job output to the terminal, each line prefixed with its job'],
      ['-v, --verbose', 'Print extra run metadata'],
      ['-q, --quiet', 'Print only the final status and the receipt path'],
      ['--concurrency <n>', 'Jobs running their steps at once (default: number of CPUs); containers boot outside the bound'],
      ['--cache-diff', 'Run twice (cache off, then on) and quarantine the cache keys of jobs that diverge'],
      ['--docker-workspace-mount <mode>', 'bind_mount or ephemeral_volume'],
      ['--keep-failed', "Keep a failed Docker job's container for debugging"],
      ['--job <name>', 'Run this job and the jobs it needs (repeatable)'],
      ['--no-needs', 'With --job: run only the named jobs, not what they need'],
      ['--variable <KEY=VALUE>', 'Override a workflow variable in every job (repeatable; not for secrets)'],
    ],
    run: (argv, _, options) => import('./commands/run.js').then((m) => m.runCommand(argv, options)),
  },
  {
    spelling: 'config [action]',
    help: 'Runtime config: `show` the effective values and their layers, or `init` a scaffold',
    flags: [
      ['--json', 'show: print JSON'],
      ['--user', 'init: write ~/.config/loom/config.yml instead of .loom/config.yml'],
      ['--force', 'init: replace an existing file'],
    ],
    run: (_, [action], options) => import('./commands/config.js').then((m) => m.configCommand(action as string | undefined, options)),
  },
  {
    spelling: 'secrets [...args]',
    help: 'Manage KeePass / 1Password vault items: `loom secrets keepass|op …` (never prints values)',
    unknownFlags: true,
    run: (argv) => import('./commands/secrets.js').then((m) => m.secretsCommand(argv)),
  },
  {
    spelling: 'cache [...args]',
    help: 'The local cache store: `ls [--json]`, `prune [--older-than 7d] [--max-size 5G]`, `unquarantine <key>… | --all`',
    flags: [
      ['--json', 'ls: print JSON'],
      ['--older-than <age>', 'prune: entries not used for this long (e.g. 7d, 12h)'],
      ['--max-size <size>', 'prune: least recently used entries until the store fits (e.g. 5G, 500M)'],
      ['--all', 'unquarantine: every quarantined key'],
    ],
    run: (_, [args], options) => import('./commands/cache.js').then((m) => m.cacheCommand(args as string[], options)),
  },
  {
    spelling: 'clean',
    help: 'Remove old isolated workspaces and run logs: by default what `loom run` would (10 latest runs + failed runs of 7 days kept)',
    flags: [
      ['--snapshots', 'Only isolated workspaces'],
      ['--logs', 'Only run logs and their receipts'],
      ['--all', 'Every run (except runs a running loom uses)'],
      ['--older-than <age>', 'Runs started longer ago than this (e.g. 7d, 12h)'],
    ],
    run: (_, __, options) => import('./commands/clean.js').then((m) => m.cleanCommand(options)),
  },
  {
    spelling: 'logs [job]',
    help: "Print a job's output from the run record ($ command lines, stderr marked); every job without JOB",
    flags: [...runFlags, ['--from <archive>', 'A run exported by loom export'], ['--step <n>', 'Only step N of the job']],
    run: (_, [job], options) => import('./commands/logs.js').then((m) => m.logsCommand(job as string | undefined, options)),
  },
  {
    spelling: 'runs',
    help: 'List recent runs: status, duration, failing job',
    flags: [['--limit <n>', 'How many (default 20)'], ['--json', 'Print JSON']],
    run: (_, __, options) => import('./commands/runs.js').then((m) => m.runsCommand(options)),
  },
  {
    spelling: 'report',
    help: "Print the path of a run's HTML report (written at the end of every run)",
    flags: [
      ...runFlags,
      ['--from <archive>', 'A run exported by loom export (extracted into a temp folder that is kept)'],
      ['--open', 'Also open it in the browser (xdg-open)'],
    ],
    run: (_, __, options) => import('./commands/report.js').then((m) => m.reportCommand(options)),
  },
  {
    spelling: 'export',
    help: "Write a run's record (receipt, logs, report, artifacts) to a .tar.gz with relative paths",
    flags: [['-o, --output <file>', 'The archive to write, e.g. run.tar.gz'], ...runFlags],
    run: (_, __, options) => import('./commands/export.js').then((m) => m.exportCommand(options)),
  },
  { spelling: 'init', help: 'Write a starter .loom/workflow.yml and .loom/.gitignore (never overwrites)', run: () => import('./commands/init.js').then((m) => m.initCommand()) },
  { spelling: 'version', help: 'Print the version', run: () => Promise.resolve(printVersion()) },
];

export async function main(argv: string[]): Promise<CommandResult> {
  const cli = cac('loom');
  let result: Promise<CommandResult> | undefined;
  for (const entry of commands) {
    const command = cli.command(entry.spelling, entry.help);
    if (entry.unknownFlags) command.allowUnknownOptions();
    for (const [spelling, help, defaultValue] of entry.flags ?? []) command.option(spelling, help, defaultValue === undefined ? undefined : { default: defaultValue });
    // cac calls an action with the positional args, then the options.
    command.action((...args: unknown[]) => {
      const options = (args.pop() ?? {}) as Record<string, unknown>;
      result = entry.run(argv, args, options);
    });
  }
  cli.help();
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return printVersion();

  try {
    const parsed = cli.parse(['node', 'loom', ...argv], { run: false });
    if (parsed.options['help']) return 0;
    if (!cli.matchedCommand) return usageError(argv[0] ? `unknown command "${argv[0]}"` : 'no command given');
    await cli.runMatchedCommand();
    return result ? await result : 0;
  } catch (error) {
    return reportFailure(error);
  }
}

function printVersion(): number {
  process.stdout.write(`${loomVersion()}\n`);
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`loom: ${message}\nusage: loom <check|compile|run|clean|cache|config|secrets|version> [options]; loom --help lists them\n`);
  return 1;
}

function reportFailure(error: unknown): number {
  if (isLoomError(error)) {
    process.stderr.write(`${formatLoomError(error)}\n`);
    return 1;
  }
  if (error instanceof Error && error.name === 'CACError') return usageError(error.message);
  const stack = error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`loom: internal error\n${stack}\n`);
  return 1;
}
