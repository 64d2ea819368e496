// output (issue 18): `loom run --local --quiet` (built CLI) on
//   (1) a step printing 50 MB of 77-byte lines: run-record bytes on disk / raw output bytes (target ≤ 2×)
//       with Loom's peak RSS from `/usr/bin/time -v` (target ≤ 150 MiB), host and Docker; every line kept
//       (`loom logs` gives the same bytes back);
//   (2) 10,000 alternating stdout/stderr lines from `echo` (a shell loop): share of positions recorded in
//       written order (target ≥ 99.9 %), host and Docker, beside the floor — the same script under a plain
//       Node child_process reading its two pipes, measured in the same run (two pipes carry no order
//       between them: what one reader sees of a tight loop is the bound for any reader of two pipes).
// Docker rows need loom-local/busybox (`pnpm images`). ROUNDS (default 3) runs of the order case, median.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowRepo } from './support.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const MB = Number(process.env.MB ?? 50);
const PAIRS = Number(process.env.PAIRS ?? 5000);
const TARGETS = { ratio: 2, rssMiB: 150, order: 99.9 };
const LINE = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor';
const BIG = `yes '${LINE}' | head -c ${MB * 1024 * 1024}`;
const ALTERNATE = `i=0; while [ $i -lt ${PAIRS} ]; do i=$((i+1)); echo "o $i"; echo "e $i" >&2; done`;
const dockerUp = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;

function makeRepo(script, image) {
  const lines = ['version: v1', 'stages: [build]', 'default:', '  target: linux', 'step:', '  stage: build'];
  if (image) lines.push(`  image: ${image}`);
  lines.push('  script:', `    - ${JSON.stringify(script)}`);
  return workflowRepo(tmpdir(), 'loom-bench-output-', `${lines.join('\n')}\n`);
}

const WORK_TMP = mkdtempSync(join(tmpdir(), 'loom-bench-output-tmp-'));
const env = { ...process.env, CI: 'true', TMPDIR: WORK_TMP };

/** Runs Loom under `/usr/bin/time -v`: the logs dir of the run and the peak RSS in MiB. */
function loomRun(cwd) {
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, 'run', '--local', '--quiet'], { cwd, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loom run failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const receipt = JSON.parse(readFileSync(/receipt: (.+)$/m.exec(run.stderr)[1], 'utf8'));
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)[1]) / 1024;
  return { logsDir: receipt.logs_dir, rss };
}

function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size;
  }
  return total;
}

/** The step's output lines in recorded order, from its events.jsonl (`line` or a batch's `lines`). */
function recorded(logsDir) {
  const lines = [];
  for (const text of readFileSync(join(logsDir, 'jobs/step/user/execution/script/01/events.jsonl'), 'utf8').split('\n')) {
    if (!text.includes('"event":"output"')) continue;
    const record = JSON.parse(text);
    for (const line of record.lines ?? [record.line]) lines.push(line);
  }
  return lines;
}

/** Share (%) of positions holding the line written there: o 1, e 1, o 2, e 2, … */
function inOrder(lines) {
  let ok = 0;
  for (let i = 0; i < PAIRS * 2; i++) if (lines[i] === `${i % 2 ? 'e' : 'o'} ${Math.floor(i / 2) + 1}`) ok++;
  return (100 * ok) / (PAIRS * 2);
}

/** The floor: the loop under a plain child_process, both pipes read by one Node process, lines in arrival order. */
function plainOrder() {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', ALTERNATE], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    const carry = { stdout: '', stderr: '' };
    for (const name of ['stdout', 'stderr']) {
      child[name].setEncoding('utf8').on('data', (chunk) => {
        const parts = (carry[name] + chunk).split('\n');
        carry[name] = parts.pop();
        lines.push(...parts);
      });
    }
    child.on('close', () => resolve(inOrder(lines)));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok) => (ok ? 'met' : '**missed**');
const providers = [['host', undefined], ...(dockerUp ? [['docker', 'loom-local/busybox:latest']] : [])];

const raw = Number(execFileSync('sh', ['-c', `${BIG} | wc -c`], { encoding: 'utf8' }).trim());
const sizeRows = [];
for (const [name, image] of providers) {
  const dir = makeRepo(BIG, image);
  try {
    const { logsDir, rss } = loomRun(dir);
    const logs = spawnSync(process.execPath, [BIN, 'logs', '--last'], { cwd: dir, env, maxBuffer: 1 << 30 });
    const body = logs.stdout.subarray(logs.stdout.indexOf('\n', logs.stdout.indexOf('\n') + 1) + 1);
    const kept = body.length === raw + 1 || body.length === raw; // `loom logs` ends the cut last line
    sizeRows.push({ name, record: bytesUnder(logsDir), rss, kept });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const orderRows = [];
const floor = [];
for (let round = 0; round < ROUNDS; round++) floor.push(await plainOrder());
for (const [name, image] of providers) {
  const dir = makeRepo(ALTERNATE, image);
  try {
    const shares = [];
    for (let round = 0; round < ROUNDS; round++) shares.push(inOrder(recorded(loomRun(dir).logsDir)));
    orderRows.push({ name, share: median(shares), min: Math.min(...shares) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
rmSync(WORK_TMP, { recursive: true, force: true });

console.log(`\nA step printing ${MB} MB (${raw} bytes of ${LINE.length + 1}-byte lines): run record on disk vs the raw output.\n`);
console.log('| provider | raw MB | record MB | record / raw | Loom peak RSS MiB | every line kept (`loom logs`) | target | result |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of sizeRows) {
  const ratio = r.record / raw;
  const ok = ratio <= TARGETS.ratio && r.rss <= TARGETS.rssMiB && r.kept;
  console.log(`| ${r.name} | ${(raw / 1e6).toFixed(1)} | ${(r.record / 1e6).toFixed(1)} | ${ratio.toFixed(3)}× | ${r.rss.toFixed(1)} | ${r.kept ? 'yes' : 'NO'} | ≤ ${TARGETS.ratio}×, ≤ ${TARGETS.rssMiB} MiB | ${verdict(ok)} |`);
}
console.log(`\n${PAIRS * 2} alternating stdout/stderr lines from a shell loop of \`echo\`: positions recorded in written order, median of ${ROUNDS} (worst in brackets).\n`);
console.log('| provider | in order % | floor: plain child_process, two pipes % | target | result |');
console.log('|---|---|---|---|---|');
for (const r of orderRows) {
  console.log(`| ${r.name} | ${r.share.toFixed(2)} (${r.min.toFixed(2)}) | ${median(floor).toFixed(2)} | ≥ ${TARGETS.order} % | ${verdict(r.share >= TARGETS.order)} |`);
}
if (!dockerUp) console.log('\nDocker rows not included: loom-local/busybox is missing (`pnpm images`).');
