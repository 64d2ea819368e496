/** The one place git is spawned (through simple-git), with the environment the snapshot's commands need. */
import { simpleGit } from 'simple-git';

/**
 * simple-git 4 drops ambient `GIT_*` variables, and rejects them when passed explicitly unless allowed.
 * Dropping is right for `GIT_DIR`, `GIT_INDEX_FILE`, `GIT_WORK_TREE` (loom started from a git hook must
 * still snapshot the repository it was pointed at); the config locations are kept so the user's global
 * excludes file applies exactly as in their own `git status`.
 */
const KEPT_GIT_VARIABLES = ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_NOSYSTEM'];
const GUARDED_VARIABLE = /^(git_.*|editor|visual|pager|prefix|ssh_askpass)$/i;

export interface GitRunOptions {
  /** Extra variables for this command (names are allowed through simple-git's guard). */
  env?: Record<string, string>;
  /** Written to git's stdin. */
  input?: string;
}

function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (GUARDED_VARIABLE.test(name) && !KEPT_GIT_VARIABLES.includes(name.toUpperCase())) continue;
    env[name] = value;
  }
  // English messages: a full disk is recognised from git's strerror() text
  return { ...env, LC_ALL: 'C', ...extra };
}

/**
 * SILENT_COMMAND_DELAY: simple-git 4 waits a fixed 50 ms after a command that wrote nothing to stdout or
 * stderr before it resolves (its completion plugin; not configurable). The snapshot's hot-path commands are
 * therefore spelled so they always print — `clone`/`checkout` without `--quiet` (progress goes to stderr,
 * which is ignored on success), `status --branch` — which takes ~100 ms off every run.
 */
/** Runs `git <args>` in `cwd` and resolves with its stdout; rejects with git's stderr on failure. */
export async function runGit(cwd: string, args: string[], options: GitRunOptions = {}): Promise<string> {
  const extra = options.env ?? {};
  const input = options.input;
  const git = simpleGit({
    baseDir: cwd,
    allowEnvironment: [...KEPT_GIT_VARIABLES, ...Object.keys(extra)],
    // `-c core.hooksPath=/dev/null` keeps the user's global hooks out of the snapshot's checkout; the clone's
    // template is the empty one (clone.ts)
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeConfigPaths: true, allowUnsafeTemplateDir: true },
    ...(input === undefined ? {} : { input: () => input }),
  }).env(environment(extra));
  return git.raw(args);
}
