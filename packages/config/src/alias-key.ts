/**
 * `<ALIAS>` of `LOOM_KEEPASS_DB_<ALIAS>_*` (runtime-config.md): upper-cased, every non-alphanumeric character
 * replaced by `_` (`group/project/repo` → `GROUP_PROJECT_REPO`).
 */
export function aliasEnvKey(alias: string): string {
  return alias.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
