// run: whole-process timings of `loom run --local --quiet` (the built CLI, `pnpm build` first) on
//   (1) a 6-job / 2-stage host pipeline with needs (3 build jobs, 3 test jobs each needing one or two builds;
//       steps are `true` / `echo`), and
//   (2) the waves probe (fast-a `sleep 1`, slow-b `sleep 3` in stage build; after-a needs fast-a, `sleep 2`),
// each beside the floor — a plain shell script running the same steps in the ideal order — in the same run,
// median of ROUNDS runs after one warm-up; Loom's peak RSS from `/usr/bin/time -v`; "start-up" = spawn →
// the run's first event (`run_started`), i.e. Node's boot plus module loading. When gitlab-ci-local and
// Node 22 are available under bench/.out/tools (or can be installed there from the npm registry), the same work
// runs under gitlab-ci-local's shell executor too, with the ratio.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitRepo } from './support.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const TOOLS = join(ROOT, 'bench/.out/tools');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGETS = { six: 0.35, waves: 3.3, rssMiB: 100 };

const sixJobs = {
  stages: ['build', 'test'],
  jobs: {
    'build-1': { stage: 'build', script: ['true'] },
    'build-2': { stage: 'build', script: ['echo build-2'] },
    'build-3': { stage: 'build', script: ['true', 'echo build-3'] },
    'test-1': { stage: 'test', needs: ['build-1'], script: ['echo test-1'] },
    'test-2': { stage: 'test', needs: ['build-1', 'build-2'], script: ['true'] },
    'test-3': { stage: 'test', needs: ['build-3'], script: ['echo test-3'] },
  },
  // The ideal order: the three builds at once, each test the moment its builds are done.
  floor: "sh -c true & b1=$!; sh -c 'echo build-2' & b2=$!; (sh -c true; sh -c 'echo build-3') & b3=$!; " +
    "wait $b1; sh -c 'echo test-1' & t1=$!; wait $b2; sh -c true & t2=$!; wait $b3; sh -c 'echo test-3' & t3=$!; wait",
};
const waves = {
  stages: ['build', 'test'],
  jobs: {
    'fast-a': { stage: 'build', script: ['sleep 1'] },
    'slow-b': { stage: 'build', script: ['sleep 3'] },
    'after-a': { stage: 'test', needs: ['fast-a'], script: ['sleep 2'] },
  },
  floor: "(sh -c 'sleep 1'; sh -c 'sleep 2') & sh -c 'sleep 3' & wait",
};

const q = (s) => JSON.stringify(s);
function loomYaml(shape) {
  const lines = ['version: v1', `stages: [${shape.stages.join(', ')}]`, 'default:', '  target: linux'];
  for (const [id, job] of Object.entries(shape.jobs)) {
    lines.push(`${id}:`, `  stage: ${job.stage}`);
    if (job.needs) lines.push(`  needs: [${job.needs.join(', ')}]`);
    lines.push('  script:', ...job.script.map((s) => `    - ${q(s)}`));
  }
  return `${lines.join('\n')}\n`;
}
function gitlabYaml(shape) {
  const lines = [`stages: [${shape.stages.join(', ')}]`];
  for (const [id, job] of Object.entries(shape.jobs)) {
    lines.push(`${id}:`, `  stage: ${job.stage}`);
    if (job.needs) lines.push(`  needs: [${job.needs.join(', ')}]`);
    lines.push('  script:', ...job.script.map((s) => `    - ${q(s)}`));
  }
  return `${lines.join('\n')}\n`;
}

function makeRepo(shape) {
  const dir = mkdtempSync(join(tmpdir(), 'loom-bench-run-'));
  writeFileSync(join(dir, '.gitlab-ci.yml'), gitlabYaml(shape));
  return commitRepo(dir, loomYaml(shape), '.loom/.runtime/\n.gitlab-ci-local/\n');
}

// The isolated workspaces of the runs go to a temp dir removed at the end.
const WORK_TMP = mkdtempSync(join(tmpdir(), 'loom-bench-run-tmp-'));
const env = { ...process.env, CI: 'true', TMPDIR: WORK_TMP };
function timedRun(cmd, args, cwd) {
  const spawnedAt = Date.now();
  const t0 = performance.now();
  const run = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { seconds, stderr: run.stderr, spawnedAt };
}

/** Seconds from spawning Loom to its `run_started` event (process start-up and module loading). */
function startupOf({ stderr, spawnedAt }) {
  const receipt = JSON.parse(readFileSync(/receipt: (.+)$/.exec(stderr.trim())[1], 'utf8'));
  const first = JSON.parse(readFileSync(join(receipt.logs_dir, 'events.jsonl'), 'utf8').split('\n')[0]);
  return (Date.parse(first.ts) - spawnedAt) / 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function loomRss(cwd) {
  const { stderr } = timedRun('/usr/bin/time', ['-v', process.execPath, BIN, 'run', '--local', '--quiet'], cwd);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  return kb / 1024;
}

/** gitlab-ci-local under Node 22, from bench/.out/tools; installs it there once if the registry allows. */
function gitlabCiLocal() {
  // It copies the project with rsync before running jobs, even with the shell executor.
  if (spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status !== 0) return { why: 'gitlab-ci-local needs rsync (apt-get install rsync)' };
  const node22 = join(TOOLS, 'node_modules/node/bin/node');
  const gcl = join(TOOLS, 'node_modules/gitlab-ci-local/dist/index.js');
  if (!existsSync(node22) || !existsSync(gcl)) {
    mkdirSync(TOOLS, { recursive: true });
    const install = spawnSync('npm', ['install', '--prefix', TOOLS, '--no-audit', '--no-fund', 'node@22', 'gitlab-ci-local@4.75.1'], { encoding: 'utf8', timeout: 300_000 });
    if (install.status !== 0) return { why: `npm install of node@22 + gitlab-ci-local failed: ${(install.stderr || '').split('\n').slice(-3).join(' ')}` };
  }
  if (!existsSync(node22) || !existsSync(gcl)) return { why: 'node@22 or gitlab-ci-local missing after install' };
  return { cmd: node22, args: [gcl, '--no-color'] };
}

const shapes = [['6-job host pipeline', sixJobs, TARGETS.six], ['waves probe', waves, TARGETS.waves]];
const gcl = process.env.SKIP_GCL ? { why: 'SKIP_GCL set' } : gitlabCiLocal();
const rows = [];
let peakRss = 0;
for (const [label, shape, target] of shapes) {
  const dir = makeRepo(shape);
  try {
    const loom = [];
    const startup = [];
    const floor = [];
    const other = [];
    for (let round = -1; round < ROUNDS; round++) {
      const run = timedRun(process.execPath, [BIN, 'run', '--local', '--quiet'], dir);
      const l = run.seconds;
      if (round >= 0) startup.push(startupOf(run));
      const f = timedRun('sh', ['-c', shape.floor], dir).seconds;
      let g;
      try {
        g = gcl.cmd ? timedRun(gcl.cmd, gcl.args, dir).seconds : undefined;
      } catch (error) {
        Object.assign(gcl, { cmd: undefined, why: `gitlab-ci-local failed: ${String(error).split('\n').slice(0, 3).join(' ')}` });
      }
      if (round < 0) continue; // warm-up: page cache, git, the shells' profiles
      loom.push(l);
      floor.push(f);
      if (g !== undefined) other.push(g);
    }
    const rss = loomRss(dir);
    peakRss = Math.max(peakRss, rss);
    rows.push({ label, target, loom: median(loom), startup: median(startup), floor: median(floor), gcl: other.length ? median(other) : undefined, rss });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const verdict = (ok) => (ok ? 'met' : '**missed**');
console.log(`\n\`loom run --local --quiet\` (built CLI, whole process) vs a shell script in the ideal order (floor); median of ${ROUNDS} runs.\n`);
console.log('| work | Loom s | of which start-up s | floor s | Loom − floor s | gitlab-ci-local s | gcl / Loom | Loom peak RSS MiB | target | result |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const g = r.gcl === undefined ? '—' : r.gcl.toFixed(3);
  const ratio = r.gcl === undefined ? '—' : `${(r.gcl / r.loom).toFixed(1)}×`;
  console.log(`| ${r.label} | ${r.loom.toFixed(3)} | ${r.startup.toFixed(3)} | ${r.floor.toFixed(3)} | ${(r.loom - r.floor).toFixed(3)} | ${g} | ${ratio} | ${r.rss.toFixed(1)} | ≤ ${r.target} s | ${verdict(r.loom <= r.target)} |`);
}
console.log(`| peak RSS (both) | | | | | | | ${peakRss.toFixed(1)} | ≤ ${TARGETS.rssMiB} MiB | ${verdict(peakRss <= TARGETS.rssMiB)} |`);
if (!gcl.cmd) console.log(`\ngitlab-ci-local not included: ${gcl.why}`);
else console.log('\ngitlab-ci-local 4.75.1 on Node 22 (shell executor: the jobs have no image).');
