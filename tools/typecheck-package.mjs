// One package's type check, src/ and test/ together, as the Nx `typecheck` target (the build checks src/
// alone). The tsconfig is generated under node_modules/.cache so packages need no second tsconfig file;
// sibling packages resolve to their built dist/*.d.ts (the target depends on the build).
//   node ../../tools/typecheck-package.mjs   (cwd: the package)
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkgDir = process.cwd();
const dir = join(root, 'node_modules/.cache/loom-typecheck');
const config = join(dir, `${basename(pkgDir)}.tsconfig.json`);
mkdirSync(dir, { recursive: true });
writeFileSync(config, JSON.stringify({
  extends: join(root, 'tsconfig.base.json'),
  compilerOptions: { noEmit: true, composite: false, incremental: false, declaration: false, declarationMap: false, sourceMap: false },
  include: [join(pkgDir, 'src/**/*.ts'), join(pkgDir, 'test/**/*.ts')],
}, null, 2));
const run = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config, '--pretty'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
