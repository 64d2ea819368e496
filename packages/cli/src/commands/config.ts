/**
 * `loom config show [--json]` and `loom config init [--user] [--force]` (cli.md, runtime-config.md). `show`
 * prints the effective config as YAML, each value followed by the layer it came from, then the sources
 * looked at; `init` writes the commented scaffold and never overwrites without `--force`.
 */
import { mkdir, writeFile, access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ConfigValue, type EffectiveConfig, configScaffold, loadRuntimeConfig, repoConfigPath, userConfigPath } from '@loom/config';
import { formatLoomError, isLoomError, LoomError } from '@loom/errors';
import { findRepoRoot, requireRepoRoot } from '../repo-root.js';

export interface ConfigOptions {
  json?: boolean;
  user?: boolean;
  force?: boolean;
}

export async function configCommand(action: string | undefined, options: ConfigOptions): Promise<number> {
  try {
    if (action === 'show') return await show(options);
    if (action === 'init') return await init(options);
    throw new LoomError('CLI_CONFIG_USAGE', action === undefined ? 'loom config needs an action' : `unknown config action "${action}"`, {
      hint: 'use `loom config show [--json]` or `loom config init [--user] [--force]`',
    });
  } catch (error) {
    if (!isLoomError(error)) throw error;
    process.stderr.write(`${formatLoomError(error)}\n`);
    return 1;
  }
}

async function show(options: ConfigOptions): Promise<number> {
  const repoRoot = findRepoRoot(process.cwd());
  const runtime = await loadRuntimeConfig({ env: process.env, ...(repoRoot === undefined ? {} : { repoRoot }) });
  process.stdout.write(options.json ? `${JSON.stringify(showJson(runtime), null, 2)}\n` : showYaml(runtime, repoRoot));
  return 0;
}

function showJson(runtime: EffectiveConfig) {
  return {
    config: runtime.config,
    values: runtime.values.map((v) => ({ key: v.key, path: v.path, value: v.value, ...v.origin })),
    sources: runtime.sources,
  };
}

/** A YAML scalar or key: plain when that is unambiguous, else JSON-quoted (valid YAML). */
function scalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /^[A-Za-z_/.~][\w./~-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

function originText(v: ConfigValue): string {
  const { layer, source, line } = v.origin;
  if (layer === 'default') return source === 'built-in' ? 'default' : `default: ${source.replace(/^built-in \((.*)\)$/, '$1')}`;
  if (layer === 'user' || layer === 'repo') return `${layer} file ${source}${line ? `:${line}` : ''}`;
  return `${layer} ${source}`;
}

/** Nested YAML from the leaves, each leaf commented with its origin. */
function showYaml(runtime: EffectiveConfig, repoRoot: string | undefined): string {
  const lines: string[] = [];
  const open: string[] = [];
  for (const v of runtime.values) {
    const parents = v.path.slice(0, -1);
    let same = 0;
    while (same < open.length && same < parents.length && open[same] === parents[same]) same++;
    open.length = same;
    for (let i = same; i < parents.length; i++) {
      lines.push(`${'  '.repeat(i)}${scalar(parents[i] as string)}:`);
      open.push(parents[i] as string);
    }
    lines.push(`${'  '.repeat(parents.length)}${scalar(v.path.at(-1) as string)}: ${scalar(v.value)}  # ${originText(v)}`);
  }
  lines.push('', '# sources (low → high): built-in defaults');
  for (const s of runtime.sources) lines.push(`#   ${s.layer} file ${s.path}${s.found ? '' : ' (not found)'}`);
  if (repoRoot === undefined) lines.push('#   repo file: none (not inside a git repository)');
  lines.push('#   env LOOM_DOCKER_WORKSPACE_MOUNT, LOOM_KEEPASS_DB_<ALIAS>_{PATH,PASSWORD_ENV,KEYFILE_ENV}');
  lines.push('#   flag --docker-workspace-mount and --concurrency (loom run only)');
  return `${lines.join('\n')}\n`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function init(options: ConfigOptions): Promise<number> {
  const layer = options.user ? 'user' : 'repo';
  const target = layer === 'user' ? userConfigPath({ env: process.env }) : repoConfigPath(requireRepoRoot(process.cwd()));
  if (!options.force && (await exists(target))) {
    throw new LoomError('CONFIG_EXISTS', `${target} already exists; nothing was written`, {
      hint: 'edit it, or run `loom config init --force` to replace it with the commented scaffold',
    });
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, configScaffold(layer));
  process.stderr.write(`wrote ${target}\n`);
  return 0;
}
