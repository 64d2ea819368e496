import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: the fast scanner handles clean workflows without it, and its
 * import alone costs 25–45 ms of a `loom check` budget of 300 ms.
 */
export function yamlLib(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}
