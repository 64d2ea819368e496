// `pnpm bench [name…]`: runs bench/<name>.bench.mjs (all of them when no name is given). Each bench prints
// its own table with the baseline measured in the same run. Benches use the built dist/ (run `pnpm build`).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = new URL('.', import.meta.url).pathname;
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.mjs', '')));
if (benches.length === 0) {
  console.error(`no bench matches ${wanted.join(' ')}; have: ${readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n## ${file.replace('.bench.mjs', '')}`);
  const run = spawnSync(process.execPath, ['--expose-gc', `${dir}${file}`], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
