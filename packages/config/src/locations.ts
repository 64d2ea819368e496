/** Where the config files are: `$XDG_CONFIG_HOME/loom/config.yml` (else `~/.config/loom/config.yml`) and `<repo>/.loom/config.yml`. */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface LocationInput {
  env: Record<string, string | undefined>;
  /** Default: `os.homedir()`. */
  homeDir?: string;
}

/** XDG says a relative `XDG_CONFIG_HOME` is invalid and must be ignored. */
export function userConfigPath(input: LocationInput): string {
  const xdg = input.env['XDG_CONFIG_HOME'];
  const base = xdg && isAbsolute(xdg) ? xdg : join(input.homeDir ?? input.env['HOME'] ?? homedir(), '.config');
  return join(base, 'loom', 'config.yml');
}

export function repoConfigPath(repoRoot: string): string {
  return join(repoRoot, '.loom', 'config.yml');
}
