// `pnpm bench check-errors`: `loom check` on a ~5 MB workflow with mistakes vs the same file without them
// (issue 18: reporting must stay linear, ≤ 1.5× the clean file). Whole processes, median of RUNS after a
// warm-up. The mistakes sit in every 100th job: YAML syntax (a tab, a duplicate key, a bad indent, an
// unclosed flow sequence) or schema errors (unknown key, a path outside the workspace, a wrong type), so
// the file can be neither scanned in one pass nor validated without placing ~180 issues.
// A 0.5 MB file with the same mistakes shows the growth (10× the bytes should cost ~10× the time).
// Uses the built CLI (`pnpm build` first). Scratch repo: bench/.out/check-errors-<pid>/ (removed at the end).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 5;
const TARGET = 1.5;
const STAGES = ['build', 'test', 'integration', 'package', 'deploy'];
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');

const SYNTAX = ['\tbad: 1', '  stage: build', '     over: indented', '  tags: [a, b'];
const SCHEMA = ['  bogus: 1', '  artifacts:\n    paths:\n      - ../outside', '  target: 5'];

/** The check bench's job mix, `jobs` of them; every 100th job gets `mistakes[k % mistakes.length]`. */
function workflow(jobs, mistakes) {
  const out = ['version: v1', 'stages:', ...STAGES.map((s) => `  - ${s}`), 'default:', '  target: linux'];
  const perStage = jobs / STAGES.length;
  for (let i = 0; i < jobs; i++) {
    const stage = Math.floor(i / perStage);
    out.push(`job-${i}:`, `  stage: ${STAGES[stage]}`);
    if (stage > 0 && i % 3 === 0) out.push('  needs:', `    - job-${i - perStage}`);
    if (i % 4 === 0) out.push('  image: alpine:3.20');
    out.push('  variables:', `    JOB_INDEX: "${i}"`, `    JOB_LABEL: "job number ${i} of the generated workflow"`);
    if (i % 5 === 0) out.push('  cache:', '    - name: deps', '      paths:', '        - node_modules', '      key:', '        files:', '          - pnpm-lock.yaml');
    out.push('  script:', `    - echo "building part ${i}"`, '    - test -n "$JOB_INDEX"', `    - echo "done with ${i}" > out-${i}.txt`);
    if (mistakes.length > 0 && i % 100 === 50) out.push(mistakes[Math.floor(i / 100) % mistakes.length]);
  }
  return `${out.join('\n')}\n`;
}

function repo(name, text) {
  const dir = join(root, 'bench/.out', `check-errors-${process.pid}`, name);
  mkdirSync(join(dir, '.loom'), { recursive: true });
  writeFileSync(join(dir, '.loom/workflow.yml'), text);
  spawnSync('git', ['init', '-q', dir]);
  return dir;
}

function once(dir) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [bin, 'check'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: run.status, stderr: run.stderr.toString() };
}

function median(dir, expectStatus) {
  const first = once(dir);
  if (first.status !== expectStatus) throw new Error(`loom check in ${dir} exited ${first.status}, expected ${expectStatus}:\n${first.stderr.slice(0, 2000)}`);
  if (/Warning:|internal error/.test(first.stderr)) throw new Error(`loom check printed a raw warning or internal error:\n${first.stderr.slice(0, 2000)}`);
  const issues = first.stderr.split('\n').filter((l) => /^\S*workflow\.yml:\d+/.test(l)).length;
  const runs = Array.from({ length: RUNS }, () => once(dir).seconds).sort((a, b) => a - b);
  return { seconds: runs[Math.floor(runs.length / 2)], issues };
}

const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const mb = (text) => `${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB`;
try {
  const JOBS = 18_000;
  const clean = workflow(JOBS, []);
  const base = median(repo('clean', clean), 0);
  const cases = [
    ['YAML syntax mistakes', workflow(JOBS, SYNTAX)],
    ['schema mistakes', workflow(JOBS, SCHEMA)],
    ['both', workflow(JOBS, [...SYNTAX, ...SCHEMA])],
  ];
  console.log(`median of ${RUNS} runs (after one warm-up), whole \`loom check\` processes, Node ${process.version}\n`);
  console.log('| file | issues | median | clean file (baseline) | ratio | target | met |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(`| ${JOBS} jobs, ${mb(clean)}, no mistakes | 0 | ${ms(base.seconds)} | — | — | — | — |`);
  let missed = 0;
  for (const [name, text] of cases) {
    const got = median(repo(name.replace(/\W+/g, '-'), text), 1);
    const ratio = got.seconds / base.seconds;
    if (ratio > TARGET) missed++;
    console.log(`| ${JOBS} jobs, ${mb(text)}, ${name} | ${got.issues} | ${ms(got.seconds)} | ${ms(base.seconds)} | ${ratio.toFixed(2)}× | ≤ ${TARGET}× | ${ratio <= TARGET ? 'met' : 'missed'} |`);
  }
  const small = workflow(JOBS / 10, [...SYNTAX, ...SCHEMA]);
  const smallRun = median(repo('small', small), 1);
  const big = median(repo('both-again', workflow(JOBS, [...SYNTAX, ...SCHEMA])), 1);
  console.log(`\nGrowth with mistakes: ${mb(small)} ${ms(smallRun.seconds)} → ${mb(clean)} ${ms(big.seconds)} (${(big.seconds / smallRun.seconds).toFixed(1)}× the time for 10× the bytes; Node start-up included)`);
  process.exitCode = missed ? 1 : 0;
} finally {
  rmSync(join(root, 'bench/.out', `check-errors-${process.pid}`), { recursive: true, force: true });
}
