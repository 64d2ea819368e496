// Docker provider vs the floor: a plain `docker run --rm` per step doing the same work (CLI, same image,
// workspace bind-mounted at /workspace), measured in the same run, alternating so drift hits both sides.
// Two kinds of "Loom": the whole `loom run --local` process (built CLI: start-up, snapshot, engine, record —
// what a user waits for; the targets apply here) and the provider driven directly (prepare → runStep →
// cleanup; the jobs of a stage in parallel; informational). Needs `pnpm build` and `pnpm images`.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commitRepo } from './support.mjs';

const run = promisify(execFile);
const IMAGE = 'loom-local/busybox:latest';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const { createDockerProvider } = await import('../packages/provider-docker/dist/index.js');

try {
  await run('docker', ['image', 'inspect', IMAGE]);
} catch {
  console.error(`${IMAGE} is missing: run \`pnpm images\` first`);
  process.exit(1);
}

/** A small repository-like workspace: 40 files in 8 directories (~80 KB). */
function makeWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'loom-bench-docker-'));
  for (let d = 0; d < 8; d++) {
    mkdirSync(join(dir, `src/m${d}`), { recursive: true });
    for (let f = 0; f < 5; f++) writeFileSync(join(dir, `src/m${d}/f${f}.ts`), `export const x${f} = ${'1'.repeat(2000)};\n`);
  }
  return dir;
}

/** Pipeline shapes: stages of parallel jobs, and steps per job. */
const shapes = {
  single: { label: '1 job, 1 step', stages: [['job']], steps: 1 },
  steps: { label: '1 job, 5 steps', stages: [['job']], steps: 5 },
  pipeline: { label: '6 jobs (3 then 3)', stages: [['a1', 'a2', 'a3'], ['b1', 'b2', 'b3']], steps: 1 },
};

async function floorJob(workspace, steps) {
  for (let i = 0; i < steps; i++) await run('docker', ['run', '--rm', '-v', `${workspace}:/workspace`, '-w', '/workspace', IMAGE, 'sh', '-c', 'true']);
}

function loomJob(provider, workspace, mode, runId, steps) {
  return async (jobId) => {
    const request = { runId, jobId, image: { name: IMAGE }, workspace: { hostPath: workspace, mode }, env: { LOOM_JOB_ID: jobId }, mounts: [], services: [] };
    const report = () => undefined;
    let prepared;
    try {
      prepared = await provider.prepare(request, report);
      for (let index = 1; index <= steps; index++) {
        const result = await provider.runStep(prepared, { index, command: 'true', debugTrace: false }, () => undefined, new AbortController().signal);
        if (result.exitCode !== 0) throw new Error(`step failed: ${result.exitCode}`);
      }
    } finally {
      await provider.cleanup(prepared ? { request, prepared } : { request }, report);
    }
  };
}

const BIN = new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
const runTmp = mkdtempSync(join(tmpdir(), 'loom-bench-docker-runs-'));

/** A git repository holding the workspace's files and a workflow of `shape` in the busybox image. */
async function makeRepo(shape) {
  const dir = makeWorkspace();
  const { stages, steps } = shapes[shape];
  const lines = ['version: v1', `stages: [${stages.map((_, i) => `s${i}`).join(', ')}]`, 'default:', '  target: linux', `  image: ${IMAGE}`];
  stages.forEach((ids, i) => ids.forEach((id) => lines.push(`${id}:`, `  stage: s${i}`, `  script: [${Array(steps).fill('"true"').join(', ')}]`)));
  return commitRepo(dir, `${lines.join('\n')}\n`);
}

/** The whole CLI process; its workspace mode is the default unless `mode` says otherwise. `concurrency`
 * undefined keeps Loom's default (the CPU count). */
function wholeRun(repo, mode, concurrency) {
  return async () => {
    const env = { ...process.env, CI: 'true', TMPDIR: runTmp, LOOM_DOCKER_WORKSPACE_MOUNT: mode };
    const bound = concurrency === undefined ? [] : ['--concurrency', String(concurrency)];
    const t0 = performance.now();
    await run(process.execPath, [BIN, 'run', '--local', '--quiet', ...bound], { cwd: repo, env });
    return (performance.now() - t0) / 1000;
  };
}

const widest = (shape) => Math.max(...shapes[shape].stages.map((stage) => stage.length));

async function timed(shape, job) {
  const t0 = performance.now();
  for (const stage of shapes[shape].stages) await Promise.all(stage.map((id) => job(id)));
  return (performance.now() - t0) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const workspace = makeWorkspace();
const providers = {
  attach: createDockerProvider({ labels: { 'loom.bench': 'docker' } }),
  exec: createDockerProvider({ labels: { 'loom.bench': 'docker' }, stepTransport: 'exec', sweep: false }),
};
// The targets apply to the default mode (ephemeral_volume) and transport (attach); the other rows inform.
const scenarios = [
  ['single', 'ephemeral_volume', 'attach'],
  ['single', 'bind_mount', 'attach'],
  ['single', 'ephemeral_volume', 'exec'],
  ['steps', 'ephemeral_volume', 'attach'],
  ['steps', 'ephemeral_volume', 'exec'],
  ['pipeline', 'ephemeral_volume', 'attach'],
  ['pipeline', 'bind_mount', 'attach'],
];
const rows = [];
const repos = [];
try {
  // The targets (issue 15) are for default flags; the last row lets Loom start a whole stage at once
  // (--concurrency = the widest stage), as the floor does (informational).
  const wholeRuns = [
    ['single', 'ephemeral_volume', undefined],
    ['pipeline', 'ephemeral_volume', undefined],
    ['pipeline', 'bind_mount', undefined],
    ['pipeline', 'ephemeral_volume', widest('pipeline')],
  ];
  // BENCH_SHAPES=single (comma-separated shapes) keeps only those whole-run rows (quicker while iterating).
  const only = process.env.BENCH_SHAPES?.split(',');
  for (const [shape, mode, concurrency] of wholeRuns.filter(([shape]) => !only || only.includes(shape))) {
    const repo = await makeRepo(shape);
    repos.push(repo);
    const via = concurrency === undefined ? `loom run, default flags (${availableParallelism()} CPUs)` : `loom run --concurrency ${concurrency}`;
    rows.push(await measure(shape, mode, via, wholeRun(repo, mode, concurrency), (s) => timed(s, () => floorJob(repo, shapes[s].steps))));
  }
  // BENCH_PROVIDER=0 leaves out the informational provider rows (quicker while iterating on the targets).
  for (const [shape, mode, transport] of process.env.BENCH_PROVIDER === '0' ? [] : scenarios) {
    const loomSide = () => timed(shape, loomJob(providers[transport], workspace, mode, `bench-${Date.now()}`, shapes[shape].steps));
    rows.push(await measure(shape, mode, `provider, ${transport}`, loomSide, (s) => timed(s, () => floorJob(workspace, shapes[s].steps))));
  }
} finally {
  for (const dir of [workspace, runTmp, ...repos]) rmSync(dir, { recursive: true, force: true });
}

/** Alternating rounds so drift hits both sides; round -1 warms caches (image inspect, page cache). */
async function measure(shape, mode, via, loomSide, floorSide) {
  const loom = [];
  const floor = [];
  for (let round = -1; round < ROUNDS; round++) {
    const l = await loomSide();
    const f = await floorSide(shape);
    if (round >= 0) {
      loom.push(l);
      floor.push(f);
    }
  }
  return { shape, mode, via, loom: median(loom), floor: median(floor), jobs: shapes[shape].stages.flat().length };
}

const verdict = (ok) => (ok ? 'met' : '**missed**');
console.log(`\nDocker provider vs the floor (one \`docker run --rm\` per step, same image and workspace): busybox image, \`true\` steps, median of ${ROUNDS} rounds.`);
console.log('"loom run" rows: the whole CLI process (targets: default flags, ephemeral_volume). "provider" rows: the provider driven directly, a stage\'s jobs at once (informational).\n');
console.log('| shape | workspace mode | Loom measured as | Loom s | floor s | over floor per job s | target | result |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const over = (r.loom - r.floor) / r.jobs;
  const isDefault = r.mode === 'ephemeral_volume' && r.via.startsWith('loom run, default flags');
  const targets = [];
  if (isDefault && r.shape === 'single') targets.push(['≤ floor + 0.2 s', r.loom <= r.floor + 0.2]);
  if (isDefault && r.shape === 'pipeline') targets.push([`≤ 1.2 × floor (${(r.loom / r.floor).toFixed(2)} ×)`, r.loom <= 1.2 * r.floor]);
  const cells = [shapes[r.shape].label, r.mode, r.via, r.loom.toFixed(3), r.floor.toFixed(3), over.toFixed(3)];
  console.log(`| ${cells.join(' | ')} | ${targets.map((t) => t[0]).join('; ') || '— (informational)'} | ${targets.map((t) => verdict(t[1])).join('; ') || '—'} |`);
}
