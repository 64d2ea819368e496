/** The effective runtime config and where each of its values came from (runtime-config.md). */

/** Layers, low → high priority; `flag` is only used by `loom run` for the mount mode. */
export type ConfigLayerName = 'default' | 'user' | 'repo' | 'env' | 'flag';

export type WorkspaceMount = 'bind_mount' | 'ephemeral_volume';
export const WORKSPACE_MOUNTS: readonly WorkspaceMount[] = ['bind_mount', 'ephemeral_volume'];

/** What an env var NAME looks like (the config holds names of variables, never their values). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface KeepassAlias {
  /** Absolute `.kdbx` path (file-relative paths are resolved against the declaring file's directory). */
  path?: string;
  /** NAME of the env var that holds the master password. */
  passwordEnv?: string;
  /** NAME of the env var that holds the keyfile path. */
  keyfileEnv?: string;
}

export interface RuntimeConfig {
  runtime: {
    docker: { workspaceMount: WorkspaceMount };
    /** Loom extension: jobs run at once by default. */
    concurrency: number;
    /** Loom extension: where the cache store lives (absolute). */
    cache: { dir: string };
  };
  providers: {
    keepass: { aliases: Record<string, KeepassAlias> };
    op: { serviceAccountTokenEnv: string };
  };
}

/** Where a value came from: the layer, and the file (with line) or env var name that set it. */
export interface ConfigOrigin {
  layer: ConfigLayerName;
  /** A file path, an env var name, a flag, or `built-in`. */
  source: string;
  line?: number;
}

/** One leaf of the effective config. `path` is the key path; `key` the same joined with dots, for people. */
export interface ConfigValue {
  path: string[];
  key: string;
  value: string | number;
  origin: ConfigOrigin;
}

/** A config file Loom looked for. */
export interface ConfigSource {
  layer: 'user' | 'repo';
  path: string;
  found: boolean;
}

export interface EffectiveConfig {
  config: RuntimeConfig;
  /** Every leaf, in display order. */
  values: ConfigValue[];
  sources: ConfigSource[];
}

/** A value one layer sets, before merging. */
export interface LayerSetting {
  path: string[];
  value: string | number;
  origin: ConfigOrigin;
}
