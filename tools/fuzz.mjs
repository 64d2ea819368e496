// `pnpm fuzz [runs] [seed]`: the schema fuzz suite's long form (packages/schema/test/fuzz.test.ts), 100,000
// mutated workflows from a random seed unless told otherwise. Prints the seed first and again on failure,
// so a failure replays with `pnpm fuzz <runs> <seed>`.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? randomInt(2 ** 31 - 1));
const root = fileURLToPath(new URL('..', import.meta.url));
console.log(`fuzz: ${runs} inputs, seed ${seed}`);
const started = Date.now();
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--project', 'schema', 'test/fuzz.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_RUNS: String(runs) } },
);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
if (run.status !== 0) {
  console.error(`fuzz FAILED after ${minutes} min; seed ${seed} (replay: pnpm fuzz ${runs} ${seed})`);
  process.exit(1);
}
console.log(`fuzz passed: ${runs} inputs, seed ${seed}, ${minutes} min`);
