/** `@loom/config`: layered runtime config (built-in defaults, user file, repo file, env overlays) → effective config with origins. */
export { loadRuntimeConfig, DEFAULT_OP_TOKEN_ENV } from './load.js';
export type { LoadConfigOptions } from './load.js';
export { userConfigPath, repoConfigPath } from './locations.js';
export { aliasEnvKey } from './alias-key.js';
export { configScaffold } from './scaffold.js';
export { MOUNT_ENV } from './env-overlay.js';
export { WORKSPACE_MOUNTS } from './model.js';
export type {
  ConfigLayerName,
  ConfigOrigin,
  ConfigSource,
  ConfigValue,
  EffectiveConfig,
  KeepassAlias,
  RuntimeConfig,
  WorkspaceMount,
} from './model.js';
