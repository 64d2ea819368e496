// concurrency: Loom's default job bound on CPU-bound work (issue 15). A host pipeline of 6 jobs in 2 stages
// of 3, each step a fixed amount of CPU work (a Node loop calibrated here to ~1 s on one idle core — fixed
// work, not a timed wait, so over-subscribing the CPUs shows), run with default flags and with
// `--concurrency <CPU count>`, alternating, median of ROUNDS after one warm-up each. Target: the default is no
// slower than the explicit CPU-count bound by more than 5 %. Needs `pnpm build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowRepo } from './support.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET = 1.05;
const cpus = availableParallelism();

/** Loop iterations that take ~1 s on one core here. */
function calibrate() {
  const probe = 20_000_000;
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', `let x = 0; for (let i = 0; i < ${probe}; i++) x += i % 7; if (x < 0) console.log(x)`]);
  const seconds = (performance.now() - t0) / 1000 - 0.05; // minus Node's start-up
  return Math.round((probe / Math.max(seconds, 0.01)) * 1.0);
}

function makeRepo(iterations) {
  const step = `node -e 'let x = 0; for (let i = 0; i < ${iterations}; i++) x += i % 7; if (x < 0) console.log(x)'`;
  const lines = ['version: v1', 'stages: [one, two]', 'default:', '  target: linux'];
  for (const stage of ['one', 'two']) for (let j = 1; j <= 3; j++) lines.push(`${stage}-${j}:`, `  stage: ${stage}`, '  script:', `    - ${JSON.stringify(step)}`);
  return workflowRepo(tmpdir(), 'loom-bench-concurrency-', `${lines.join('\n')}\n`);
}

const workTmp = mkdtempSync(join(tmpdir(), 'loom-bench-concurrency-tmp-'));
function timedRun(cwd, extra) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [BIN, 'run', '--local', '--quiet', ...extra], { cwd, env: { ...process.env, CI: 'true', TMPDIR: workTmp }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loom run failed (${run.status}):\n${run.stderr}`);
  return (performance.now() - t0) / 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const iterations = calibrate();
const repo = makeRepo(iterations);
try {
  const byDefault = [];
  const explicit = [];
  for (let round = -1; round < ROUNDS; round++) {
    const d = timedRun(repo, []);
    const e = timedRun(repo, ['--concurrency', String(cpus)]);
    if (round >= 0) {
      byDefault.push(d);
      explicit.push(e);
    }
  }
  const ratio = median(byDefault) / median(explicit);
  console.log(`\nCPU-bound host pipeline: 6 jobs, 2 stages of 3, each a ${iterations.toLocaleString('en')}-iteration Node loop (~1 s on one core), ${cpus} CPUs, median of ${ROUNDS}.\n`);
  console.log('| Loom flags | s | default / explicit | target | result |');
  console.log('|---|---|---|---|---|');
  console.log(`| \`--concurrency ${cpus}\` (the CPU count; baseline) | ${median(explicit).toFixed(2)} | — | — | — |`);
  console.log(`| default flags | ${median(byDefault).toFixed(2)} | ${ratio.toFixed(3)} | ≤ ${TARGET} | ${ratio <= TARGET ? 'met' : '**missed**'} |`);
} finally {
  for (const dir of [repo, workTmp]) rmSync(dir, { recursive: true, force: true });
}
