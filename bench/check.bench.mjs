// `pnpm bench check`: whole-process timings of `loom check` and `loom compile` on a generated 1,000-job
// workflow in a temp git repo, and `loom --version`, beside `node -e ''` (the floor: Node's own start-up).
// Then an in-process breakdown (imports, parse, plan) so a miss can be pinned on a stage.
// Uses the built dist/ (`pnpm build` first). Scratch repo: bench/.out/check-<pid>/ (removed at the end).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNS = 9;
const JOBS = 1000;
const STAGES = ['build', 'test', 'integration', 'package', 'deploy'];
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');

/** 200 jobs per stage: a third with `needs` on the previous stage, some Docker, variables and caches. */
function generateWorkflow(jobs) {
  const out = ['version: v1', 'stages:', ...STAGES.map((s) => `  - ${s}`), 'default:', '  target: linux', '  variables:', '    CI_BENCH: "1"'];
  const perStage = jobs / STAGES.length;
  for (let i = 0; i < jobs; i++) {
    const stage = Math.floor(i / perStage);
    out.push(`job-${i}:`, `  stage: ${STAGES[stage]}`);
    if (stage > 0 && i % 3 === 0) out.push('  needs:', `    - job-${i - perStage}`, `    - job-${i - perStage + 1}`);
    if (i % 4 === 0) out.push('  image: alpine:3.20');
    out.push('  variables:', `    JOB_INDEX: "${i}"`, `    JOB_LABEL: "job number ${i} of the generated workflow"`);
    if (i % 5 === 0) out.push('  cache:', '    - name: deps', '      paths:', '        - node_modules', '      key:', '        files:', '          - pnpm-lock.yaml');
    out.push('  script:', `    - echo "building part ${i}"`, '    - test -n "$JOB_INDEX"', `    - echo "done with ${i}" > out-${i}.txt`);
  }
  return `${out.join('\n')}\n`;
}

function makeRepo() {
  const dir = join(root, 'bench/.out', `check-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '.loom'), { recursive: true });
  const text = generateWorkflow(JOBS);
  writeFileSync(join(dir, '.loom/workflow.yml'), text);
  const git = spawnSync('git', ['init', '-q', dir]);
  if (git.status !== 0) throw new Error(`git init failed: ${git.stderr}`);
  return { dir, bytes: Buffer.byteLength(text) };
}

function time(args, cwd) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, status: run.status, stderr: run.stderr.toString(), stdout: run.stdout.length };
}

function median(args, cwd, expectStatus = 0) {
  const first = time(args, cwd); // warm-up (file cache); also checks the command works
  if (first.status !== expectStatus) throw new Error(`${args.join(' ')} exited ${first.status}:\n${first.stderr}`);
  const runs = Array.from({ length: RUNS }, () => time(args, cwd).seconds).sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

/** In a fresh process: how long the imports, the parse and the plan take on their own. */
function breakdown(dir) {
  const url = (pkg) => pathToFileURL(join(root, `packages/${pkg}/dist/index.js`)).href;
  const script = `
    const t = () => performance.now();
    let s = t(); const schema = await import(${JSON.stringify(url('schema'))}); const importSchema = t() - s;
    s = t(); const planner = await import(${JSON.stringify(url('planner'))}); const importPlanner = t() - s;
    s = t(); await import(${JSON.stringify(url('runtime-logs'))}); const importLogs = t() - s;
    s = t(); const parsed = await schema.readWorkflow(${JSON.stringify(join(dir, '.loom/workflow.yml'))}, ${JSON.stringify(dir)}); const parse = t() - s;
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
    s = t(); const plan = planner.planWorkflow(parsed.workflow); const planTime = t() - s;
    s = t(); JSON.stringify(plan.plan.graphIr, null, 2); const json = t() - s;
    console.log(JSON.stringify({ importSchema, importPlanner, importLogs, parse, plan: planTime, json }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) return `breakdown failed: ${run.stderr.split('\n').slice(0, 5).join(' ')}`;
  return JSON.parse(run.stdout);
}

const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const { dir, bytes } = makeRepo();
try {
  const floor = median(['-e', ''], dir);
  const rows = [
    ['`loom --version`', median([bin, '--version'], dir), 0.15],
    [`\`loom check\` (${JOBS} jobs, ${(bytes / 1024).toFixed(0)} KB)`, median([bin, 'check'], dir), 0.3],
    [`\`loom compile\` (${JOBS} jobs)`, median([bin, 'compile', '--workflow', '.loom/workflow.yml'], dir), null],
  ];
  console.log(`median of ${RUNS} runs (after one warm-up), whole processes, Node ${process.version}\n`);
  console.log('| command | median | floor `node -e \'\'` | over floor | target | met |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| \`node -e ''\` | ${ms(floor)} | — | — | — | — |`);
  let missed = 0;
  for (const [name, seconds, target] of rows) {
    const met = target === null ? '—' : seconds <= target ? 'met' : 'missed';
    if (met === 'missed') missed++;
    console.log(`| ${name} | ${ms(seconds)} | ${ms(floor)} | +${ms(seconds - floor)} | ${target === null ? '—' : `≤ ${ms(target)}`} | ${met} |`);
  }
  const parts = breakdown(dir);
  if (typeof parts === 'string') console.log(`\n${parts}`);
  else {
    console.log('\nIn-process breakdown (one fresh process, ms):\n');
    console.log('| import schema | import planner | import runtime-logs | read+parse | plan | Graph IR JSON |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| ${[parts.importSchema, parts.importPlanner, parts.importLogs, parts.parse, parts.plan, parts.json].map((v) => v.toFixed(1)).join(' | ')} |`);
  }
  process.exitCode = missed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
