/**
 * Reads every layer and merges them: built-in defaults < user file < repo file < env overlays
 * (runtime-config.md "Layering"). A missing file is an empty layer; a broken one is a LoomError.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LoomError } from '@loom/errors';
import { envSettings } from './env-overlay.js';
import { type LocationInput, repoConfigPath, userConfigPath } from './locations.js';
import { buildConfig, mergeLayers } from './merge.js';
import type { ConfigSource, EffectiveConfig, LayerSetting } from './model.js';

export const DEFAULT_OP_TOKEN_ENV = 'OP_SERVICE_ACCOUNT_TOKEN';

export interface LoadConfigOptions extends LocationInput {
  /** Without a repository only the defaults, the user file and the environment count. */
  repoRoot?: string;
}

/** The cache store defaults to `<repo>/.loom/.runtime/cache` (gap 19). */
function defaultSettings(repoRoot: string | undefined): LayerSetting[] {
  const origin = { layer: 'default' as const, source: 'built-in' };
  return [
    { path: ['runtime', 'docker', 'workspaceMount'], value: 'ephemeral_volume', origin },
    { path: ['runtime', 'concurrency'], value: availableParallelism(), origin: { ...origin, source: 'built-in (number of CPUs)' } },
    { path: ['runtime', 'cache', 'dir'], value: join(repoRoot ?? '.', '.loom', '.runtime', 'cache'), origin },
    { path: ['providers', 'op', 'serviceAccountTokenEnv'], value: DEFAULT_OP_TOKEN_ENV, origin },
  ];
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new LoomError('CONFIG_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, {
      hint: 'make the file readable, or remove it',
      location: { file: path },
      cause: error,
    });
  }
}

async function fileLayer(source: ConfigSource): Promise<LayerSetting[]> {
  const text = await readIfPresent(source.path);
  source.found = text !== undefined;
  if (text === undefined || text.trim() === '') return [];
  const { decodeConfigFile } = await import('./decode.js');
  return decodeConfigFile({ text, file: source.path, layer: source.layer });
}

const aliasNames = (settings: LayerSetting[]): string[] =>
  [...new Set(settings.filter((s) => s.path[2] === 'aliases').map((s) => s.path[3] as string))];

export async function loadRuntimeConfig(options: LoadConfigOptions): Promise<EffectiveConfig> {
  const sources: ConfigSource[] = [{ layer: 'user', path: userConfigPath(options), found: false }];
  if (options.repoRoot !== undefined) sources.push({ layer: 'repo', path: repoConfigPath(options.repoRoot), found: false });
  const fileLayers = await Promise.all(sources.map(fileLayer));
  const env = envSettings(options.env, aliasNames(fileLayers.flat()));
  const values = mergeLayers([defaultSettings(options.repoRoot), ...fileLayers, env]);
  return { config: buildConfig(values), values, sources };
}
