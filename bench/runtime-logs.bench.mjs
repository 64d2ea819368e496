// runtime-logs: (1) 1,000,000 output-line events of 80 bytes through the masking run-record writer (5 secrets
// registered) vs the same events serialised to the same JSON records (one per millisecond's lines, as the
// writer batches them) by a plain fs.createWriteStream in the same process — the bytes on disk are checked to be identical, so the ratio measures the writer and the
// masker; (2) the diagnostics ladder: bytes of receipt (without graph_ir) + pipeline manifest + job manifest
// of a failing 10-job run. Uses the built dist/ (`pnpm build` first).
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMasker, createRunRecordWriter } from '../packages/runtime-logs/dist/index.js';

const OUT = new URL('./.out/runtime-logs/', import.meta.url).pathname;
const LINES = Number(process.env.LINES ?? 1_000_000);
const ROUNDS = 2;
const RUN_ID = 'loom-run-local-1772865600000000000';
const PIPELINE_ID = 'loom-local-1772865600000000000';
const T0 = Date.parse('2026-03-07T06:40:00.000Z');
const SECRETS = [
  ['NPM_TOKEN', 'npm_Zq3xR8vL2mN7pK4sW9tY6uB1cD5eF0gH'],
  ['DEPLOY_KEY', 'dk-4f9a7c2e-81b3-4d6a-9e0f-5c7b2a1d8e3f'],
  ['DB_PASSWORD', 'correct-horse-battery-staple-42'],
  ['API_SECRET', 'sk_live_51HqLyjWDarjtT1zdp7dc'],
  ['GH_TOKEN', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
];

const gc = globalThis.gc ?? (() => {});
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** 1,000 distinct 80-byte ASCII lines (no secret in them), reused round-robin. */
function makeTexts() {
  const words = ['compiling', 'module', 'src/index.ts', 'ok', 'PASS', 'test', 'bundle', 'chunk', '42ms', 'warn:', 'done'];
  return Array.from({ length: 1000 }, (_, i) => {
    let s = `${i}`;
    while (s.length < 80) s += ` ${words[(i * 7 + s.length) % words.length]}`;
    return Buffer.from(s.slice(0, 80));
  });
}
const TEXTS = makeTexts();
// Lines arrive far faster than one per millisecond: 64 share a timestamp.
const tsOf = (i) => T0 + 10 + Math.floor(i / 64);

function setupEvents() {
  return [
    { type: 'run_started', ts: T0, runId: RUN_ID, pipelineId: PIPELINE_ID, argv: ['loom', 'run', '--local'], repoRoot: '/repo', workflowPath: '/repo/.loom/workflow.yml', loomVersion: '0.1.0', graphIr: {} },
    { type: 'pipeline_started', ts: T0 + 1, jobs: [{ jobId: 'build', stage: 'build', provider: 'host' }] },
    { type: 'job_started', ts: T0 + 2, jobId: 'build', stage: 'build', provider: 'host', steps: ['pnpm build'] },
    { type: 'section_started', ts: T0 + 3, jobId: 'build', section: 'provider' },
    { type: 'section_finished', ts: T0 + 4, jobId: 'build', section: 'provider', status: 'success' },
    { type: 'execution_started', ts: T0 + 5, jobId: 'build' },
    { type: 'step_started', ts: T0 + 6, jobId: 'build', index: 1, command: 'pnpm build' },
  ];
}

async function runWriter(dir) {
  const masker = createMasker();
  for (const [name, value] of SECRETS) masker.register(name, value);
  const start = performance.now();
  const writer = createRunRecordWriter({ runtimeDir: dir, runId: RUN_ID, masker });
  for (const e of setupEvents()) writer.emit(e);
  for (let i = 0; i < LINES; i++) {
    writer.emit({ type: 'output', ts: tsOf(i), jobId: 'build', index: 1, stream: 'stdout', bytes: TEXTS[i % 1000] });
  }
  const end = tsOf(LINES);
  writer.emit({ type: 'step_finished', ts: end, jobId: 'build', index: 1, status: 'success', exitCode: 0 });
  writer.emit({ type: 'execution_finished', ts: end, jobId: 'build', status: 'success', exitCode: 0 });
  writer.emit({ type: 'section_started', ts: end, jobId: 'build', section: 'cleanup' });
  writer.emit({ type: 'section_finished', ts: end, jobId: 'build', section: 'cleanup', status: 'success' });
  writer.emit({ type: 'job_finished', ts: end, jobId: 'build', status: 'success', exitCode: 0 });
  writer.emit({ type: 'pipeline_finished', ts: end, status: 'success', exitCode: 0 });
  writer.emit({ type: 'run_finished', ts: end, status: 'success', exitCode: 0 });
  await writer.close();
  const ms = performance.now() - start;
  return { ms, stepFile: join(writer.logsDir, 'jobs/build/user/execution/script/01/events.jsonl') };
}

/**
 * The plain baseline: one object per record (the lines of a millisecond), JSON.stringify,
 * createWriteStream, honouring backpressure. With
 * Node's default 16 KiB highWaterMark it waits for 'drain' every ~40 lines; the ratio is taken against the
 * faster variant with the writer's own 64 KiB buffer, the default one is shown too.
 */
async function runPlain(file, firstSeq, highWaterMark) {
  const start = performance.now();
  const out = createWriteStream(file, highWaterMark ? { highWaterMark } : {});
  let seq = firstSeq;
  // The writer's output records: the lines of one stream read in one millisecond share a record (`lines`).
  for (let i = 0; i < LINES; ) {
    const ts = tsOf(i);
    const texts = [];
    for (; i < LINES && tsOf(i) === ts; i++) {
      const e = { type: 'output', ts, jobId: 'build', index: 1, stream: 'stdout', bytes: TEXTS[i % 1000] };
      texts.push(e.bytes.toString('utf8'));
    }
    const line = {
      schema_version: 'loom.runtime.logs.v2', ts: new Date(ts).toISOString(), seq: seq++, run_id: RUN_ID, pipeline_id: PIPELINE_ID,
      scope: 'step', job_id: 'build', step: 1, section: null, phase_code: 'step.execute', phase_family: 'execution',
      event: 'output', stream: 'stdout', ...(texts.length === 1 ? { line: texts[0] } : { lines: texts }),
    };
    if (!out.write(`${JSON.stringify(line)}\n`)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((err) => (err ? j(err) : r())));
  return performance.now() - start;
}

/** The writer's step file minus its phase_start/phase_finish lines, and the first output seq. */
function outputPart(stepFile) {
  const text = readFileSync(stepFile, 'latin1');
  const first = text.indexOf('\n') + 1;
  const last = text.lastIndexOf('\n', text.length - 2) + 1;
  const seq = Number(/"seq":(\d+)/.exec(text.slice(first))[1]);
  return { bytes: text.slice(first, last), seq };
}

async function throughput() {
  const writerTimes = [];
  const plainTimes = [];
  const defaultTimes = [];
  let identical = true;
  let size = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const dir = join(OUT, `writer-${round}`);
    rmSync(dir, { recursive: true, force: true });
    gc();
    const w = await runWriter(dir);
    writerTimes.push(w.ms);
    const { bytes, seq } = outputPart(w.stepFile);
    size = bytes.length;
    rmSync(dir, { recursive: true, force: true });
    gc();
    for (const [times, hwm] of [[plainTimes, 64 * 1024], [defaultTimes, undefined]]) {
      const plainFile = join(OUT, `plain-${round}.jsonl`);
      gc();
      times.push(await runPlain(plainFile, seq, hwm));
      identical &&= statSync(plainFile).size === bytes.length && readFileSync(plainFile, 'latin1') === bytes;
      rmSync(plainFile, { force: true });
    }
  }
  const best = (xs) => Math.min(...xs);
  return { writer: best(writerTimes), plain: best(plainTimes), plainDefault: best(defaultTimes), identical, size };
}

async function ladder() {
  // A repository path of ordinary length (the receipt repeats it in five absolute paths).
  const scratch = mkdtempSync(join(tmpdir(), 'loom-'));
  const repoRoot = join(scratch, 'acme-web');
  const runtimeDir = join(repoRoot, '.loom', '.runtime');
  const ids = ['install', 'lint', 'typecheck', 'build-web', 'unit-tests', 'e2e-tests', 'package', 'publish-docs', 'deploy-staging', 'smoke-test'];
  const stages = ['prepare', 'check', 'check', 'build', 'test', 'test', 'package', 'release', 'release', 'verify'];
  const writer = createRunRecordWriter({ runtimeDir, runId: RUN_ID });
  let ts = T0;
  const emit = (e) => writer.emit({ ts: ts++, ...e });
  emit({ type: 'run_started', runId: RUN_ID, pipelineId: PIPELINE_ID, argv: ['loom', 'run', '--local'], repoRoot, workflowPath: join(repoRoot, '.loom/workflow.yml'), loomVersion: '0.1.0', graphIr: { big: 'x'.repeat(5000) } });
  emit({ type: 'snapshot_ready', path: `/tmp/${RUN_ID}-3847261095`, headSha: '3f2a9c1e7b4d8f6a0c5e2b9d1f7a3c8e6b4d2f0a' });
  emit({ type: 'pipeline_started', jobs: ids.map((jobId, i) => ({ jobId, stage: stages[i], provider: i % 3 === 0 ? 'docker' : 'host' })) });
  const failing = 'unit-tests';
  for (const [i, jobId] of ids.entries()) {
    if (i > ids.indexOf(failing)) {
      emit({ type: 'job_skipped', jobId, stage: stages[i], provider: 'host', reason: `needs ${failing}, which failed` });
      continue;
    }
    const steps = ['pnpm install --frozen-lockfile', `pnpm --filter web run ${jobId}`, 'pnpm run report'];
    emit({ type: 'job_started', jobId, stage: stages[i], provider: 'host', steps });
    emit({ type: 'section_started', jobId, section: 'provider' });
    emit({ type: 'section_finished', jobId, section: 'provider', status: 'success' });
    emit({ type: 'execution_started', jobId });
    let status = 'success';
    for (const [k, command] of steps.entries()) {
      emit({ type: 'step_started', jobId, index: k + 1, command });
      const failed = jobId === failing && k === 1;
      emit({ type: 'step_finished', jobId, index: k + 1, status: failed ? 'failed' : 'success', exitCode: failed ? 1 : 0 });
      if (failed) {
        status = 'failed';
        break;
      }
    }
    emit({ type: 'execution_finished', jobId, status, exitCode: status === 'failed' ? 1 : 0 });
    emit({ type: 'section_started', jobId, section: 'cleanup' });
    emit({ type: 'section_finished', jobId, section: 'cleanup', status: 'success' });
    emit({ type: 'job_finished', jobId, status, exitCode: status === 'failed' ? 1 : 0 });
  }
  emit({ type: 'pipeline_finished', status: 'failure', exitCode: 1 });
  emit({ type: 'run_finished', status: 'failure', exitCode: 1 });
  await writer.close();
  const receipt = JSON.parse(readFileSync(writer.receiptPath, 'utf8'));
  delete receipt.graph_ir;
  const receiptBytes = Buffer.byteLength(`${JSON.stringify(receipt)}\n`);
  const pipelineBytes = statSync(join(writer.logsDir, 'pipeline/manifest.json')).size;
  const manifest = JSON.parse(readFileSync(join(writer.logsDir, 'pipeline/manifest.json'), 'utf8'));
  const jobBytes = statSync(join(writer.logsDir, manifest.failing_job_manifest_path)).size;
  rmSync(scratch, { recursive: true, force: true });
  return { repoRoot, receiptBytes, pipelineBytes, jobBytes, total: receiptBytes + pipelineBytes + jobBytes };
}

mkdirSync(OUT, { recursive: true });
const t = await throughput();
const l = await ladder();
const ratio = t.writer / t.plain;
const n = (x) => x.toLocaleString('en-US');
console.log('| measure | Loom | baseline | ratio | target | result |');
console.log('|---|---|---|---|---|---|');
console.log(
  `| ${n(LINES)} output lines × 80 B, masking writer (5 secrets) vs plain createWriteStream, 64 KiB buffer (best of ${ROUNDS}) | ${fmtS(t.writer)} | ${fmtS(t.plain)} | ${ratio.toFixed(2)}× | ≤ 2× | ${ratio <= 2 ? 'met' : 'missed'} |`,
);
console.log(`| same, baseline with the default 16 KiB highWaterMark | ${fmtS(t.writer)} | ${fmtS(t.plainDefault)} | ${(t.writer / t.plainDefault).toFixed(2)}× | ≤ 2× | ${t.writer <= 2 * t.plainDefault ? 'met' : 'missed'} |`);
console.log(`| same bytes on disk (${n(t.size)} B of output lines) | ${t.identical ? 'yes' : 'NO'} | | | identical | ${t.identical ? 'met' : 'missed'} |`);
console.log(
  `| ladder bytes, failing 10-job run (repo ${l.repoRoot}): receipt w/o graph_ir ${n(l.receiptBytes)} + pipeline manifest ${n(l.pipelineBytes)} + job manifest ${n(l.jobBytes)} | ${n(l.total)} B | | | ≤ 2,048 B | ${l.total <= 2048 ? 'met' : 'missed'} |`,
);
rmSync(OUT, { recursive: true, force: true });
process.exit(t.identical ? 0 : 1);
