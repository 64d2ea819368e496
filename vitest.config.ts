import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One project per package; sibling packages resolve to their src/ through the @loom/source condition.
const packages = readdirSync(new URL('./packages', import.meta.url));
const conditions = ['@loom/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  test: {
    tags: [
      { name: 'docker', description: 'Needs a reachable Docker engine (fails, never skips, under CI=true).', timeout: 180_000 },
      { name: 'slow', description: 'Takes more than a few seconds.', timeout: 120_000 },
      { name: 'host', description: 'Needs what the toolchain image lacks (mount privileges, Chromium); the Stage 0 gate runs it in its host job.' },
    ],
    projects: packages.map((name) => ({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: conditions } },
      test: {
        name,
        root: `packages/${name}`,
        include: ['test/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 180_000,
        pool: 'forks',
        // A package may add test/global-setup.ts (e.g. to fail the run when Docker objects are left behind).
        globalSetup: existsSync(new URL(`./packages/${name}/test/global-setup.ts`, import.meta.url)) ? ['test/global-setup.ts'] : [],
      },
    })),
  },
});
