/**
 * Argument parsing and dispatch. Each command lives in `commands/` and is imported only when chosen, so
 * `loom --version` and `loom check` do not pay for Docker or execa.
 */
import { cac } from 'cac';
import { isLoomError, formatLoomError } from '@loom/errors';
import { loomVersion } from './version.js';

export type CommandResult = number;

export async function main(argv: string[]): Promise<CommandResult> {
  const cli = cac('loom');
  let result: Promise<CommandResult> | undefined;

  cli.command('check', 'Validate .loom/workflow.yml against schema v1 (no flags)').action(() => {
    result = import('./commands/check.js').then((m) => m.checkCommand(argv));
  });
  cli
    .command('compile', 'Print the resolved Graph IR of a workflow as JSON')
    .option('--workflow <path>', 'Workflow file', { default: '.loom/workflow.yml' })
    .action((options: { workflow: string }) => {
      result = import('./commands/compile.js').then((m) => m.compileCommand(options));
    });
  cli
    .command('run', 'Run the workflow in an isolated workspace')
    .option('--local', 'Run on this machine (required: remote execution is not available)')
    .option('--workflow <path>', 'Workflow file', { default: '.loom/workflow.yml' })
    .option('--stream', 'Stream job output to the terminal, each line prefixed with its job')
    .option('-v, --verbose', 'Print extra run metadata')
    .option('-q, --quiet', 'Print only the final status and the receipt path')
    .option('--concurrency <n>', 'Jobs running their steps at once (default: number of CPUs); containers boot outside the bound')
    .option('--cache-diff', 'Run twice (cache off, then on) and quarantine the cache keys of jobs that diverge')
    .option('--docker-workspace-mount <mode>', 'bind_mount or ephemeral_volume')
    .option('--keep-failed', 'Keep a failed Docker job\'s container for debugging')
    .option('--job <name>', 'Run this job and the jobs it needs (repeatable)')
    .option('--no-needs', 'With --job: run only the named jobs, not what they need')
    .option('--variable <KEY=VALUE>', 'Override a workflow variable in every job (repeatable; not for secrets)')
    .action((options: Record<string, unknown>) => {
      result = import('./commands/run.js').then((m) => m.runCommand(argv, options));
    });
  cli
    .command('config [action]', 'Runtime config: `show` the effective values and their layers, or `init` a scaffold')
    .option('--json', 'show: print JSON')
    .option('--user', 'init: write ~/.config/loom/config.yml instead of .loom/config.yml')
    .option('--force', 'init: replace an existing file')
    .action((action: string | undefined, options: { json?: boolean; user?: boolean; force?: boolean }) => {
      result = import('./commands/config.js').then((m) => m.configCommand(action, options));
    });
  cli
    .command('secrets [...args]', 'Manage KeePass / 1Password vault items: `loom secrets keepass|op …` (never prints values)')
    .allowUnknownOptions()
    .action(() => {
      result = import('./commands/secrets.js').then((m) => m.secretsCommand(argv));
    });
  cli
    .command('cache [...args]', 'The local cache store: `ls [--json]`, `prune [--older-than 7d] [--max-size 5G]`, `unquarantine <key>… | --all`')
    .option('--json', 'ls: print JSON')
    .option('--older-than <age>', 'prune: entries not used for this long (e.g. 7d, 12h)')
    .option('--max-size <size>', 'prune: least recently used entries until the store fits (e.g. 5G, 500M)')
    .option('--all', 'unquarantine: every quarantined key')
    .action((args: string[], options: Record<string, unknown>) => {
      result = import('./commands/cache.js').then((m) => m.cacheCommand(args, options));
    });
  cli
    .command('clean', 'Remove old isolated workspaces and run logs: by default what `loom run` would (10 latest runs + failed runs of 7 days kept)')
    .option('--snapshots', 'Only isolated workspaces')
    .option('--logs', 'Only run logs and their receipts')
    .option('--all', 'Every run (except runs a running loom uses)')
    .option('--older-than <age>', 'Runs started longer ago than this (e.g. 7d, 12h)')
    .action((options: Record<string, unknown>) => {
      result = import('./commands/clean.js').then((m) => m.cleanCommand(options));
    });
  cli
    .command('logs [job]', 'Print a job\'s output from the run record ($ command lines, stderr marked); every job without JOB')
    .option('--run <run_id>', 'That run (loom runs lists them)')
    .option('--last', 'The latest run (the default)')
    .option('--from <archive>', 'A run exported by loom export')
    .option('--step <n>', 'Only step N of the job')
    .action((job: string | undefined, options: Record<string, unknown>) => {
      result = import('./commands/logs.js').then((m) => m.logsCommand(job, options));
    });
  cli
    .command('runs', 'List recent runs: status, duration, failing job')
    .option('--limit <n>', 'How many (default 20)')
    .option('--json', 'Print JSON')
    .action((options: Record<string, unknown>) => {
      result = import('./commands/runs.js').then((m) => m.runsCommand(options));
    });
  cli
    .command('report', 'Print the path of a run\'s HTML report (written at the end of every run)')
    .option('--run <run_id>', 'That run (loom runs lists them)')
    .option('--last', 'The latest run (the default)')
    .option('--from <archive>', 'A run exported by loom export (extracted into a temp folder that is kept)')
    .option('--open', 'Also open it in the browser (xdg-open)')
    .action((options: Record<string, unknown>) => {
      result = import('./commands/report.js').then((m) => m.reportCommand(options));
    });
  cli
    .command('export', 'Write a run\'s record (receipt, logs, report, artifacts) to a .tar.gz with relative paths')
    .option('-o, --output <file>', 'The archive to write, e.g. run.tar.gz')
    .option('--run <run_id>', 'That run (loom runs lists them)')
    .option('--last', 'The latest run (the default)')
    .action((options: Record<string, unknown>) => {
      result = import('./commands/export.js').then((m) => m.exportCommand(options));
    });
  cli.command('init', 'Write a starter .loom/workflow.yml and .loom/.gitignore (never overwrites)').action(() => {
    result = import('./commands/init.js').then((m) => m.initCommand());
  });
  cli.command('version', 'Print the version').action(() => {
    result = Promise.resolve(printVersion());
  });
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
