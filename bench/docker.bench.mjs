// Docker provider vs the floor: a plain `docker run --rm` per step doing the same work (CLI, same image,
// workspace bind-mounted at /workspace), measured in the same run, alternating so drift hits both sides.
// The provider is driven directly (prepare → runStep → cleanup; the jobs of a stage in parallel), not
// through the engine, which may not exist yet. Needs `pnpm build` and the local images (`pnpm images`).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
try {
  for (const [shape, mode, transport] of scenarios) {
    const { steps } = shapes[shape];
    const loom = [];
    const floor = [];
    for (let round = -1; round < ROUNDS; round++) {
      // Round -1 warms caches (image inspect, dockerode import, page cache) on both sides.
      const l = await timed(shape, loomJob(providers[transport], workspace, mode, `bench-${Date.now()}-${round}`, steps));
      const f = await timed(shape, () => floorJob(workspace, steps));
      if (round >= 0) {
        loom.push(l);
        floor.push(f);
      }
    }
    rows.push({ shape, mode, transport, loom: median(loom), floor: median(floor), jobs: shapes[shape].stages.flat().length });
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}

const verdict = (ok) => (ok ? 'met' : '**missed**');
console.log(`\nDocker provider vs the floor (one \`docker run --rm\` per step, same image and workspace): busybox image, \`true\` steps, median of ${ROUNDS} rounds.`);
console.log('Loom here = the provider driven directly (prepare/runStep/cleanup, jobs of a stage in parallel), not the engine.\n');
console.log('| shape | workspace mode | steps via | Loom s | floor s | over floor per job s | target | result |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const over = (r.loom - r.floor) / r.jobs;
  const isDefault = r.mode === 'ephemeral_volume' && r.transport === 'attach' && r.shape !== 'steps';
  const targets = [];
  if (isDefault) targets.push(['≤ 0.15 s/job over floor', over <= 0.15]);
  if (isDefault && r.shape === 'pipeline') targets.push(['6 jobs ≤ 2.0 s', r.loom <= 2.0]);
  const cells = [shapes[r.shape].label, r.mode, r.transport, r.loom.toFixed(3), r.floor.toFixed(3), over.toFixed(3)];
  console.log(`| ${cells.join(' | ')} | ${targets.map((t) => t[0]).join('; ') || '— (informational)'} | ${targets.map((t) => verdict(t[1])).join('; ') || '—'} |`);
}
