// `pnpm bench schema`: how long `parseWorkflow` takes on a generated 1,000-job workflow (~250 KB), in fresh
// processes (the case `loom check` lives in: nothing JIT-compiled yet) and warm, beside a clean/with-issues
// split. Uses the built packages/schema/dist (run `pnpm build` first). Target: cold parse ≤ 120 ms, which
// leaves `loom check` room for its 300 ms budget (Node start-up alone is ~70 ms).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNS = 9;
const JOBS = 1000;
const TARGET_MS = 120;
const dist = pathToFileURL(fileURLToPath(new URL('../packages/schema/dist/index.js', import.meta.url))).href;
const STAGES = ['build', 'test', 'integration', 'package', 'deploy'];

/** Stage-0-like jobs: defaults with a named cache, templates via extends, needs, images, variables, caches. */
function generate(jobs, broken) {
  const out = ['version: v1', 'stages:', ...STAGES.map((s) => `  - ${s}`), 'variables:', '  CI_BENCH: "1"', 'default:', '  target: linux'];
  out.push('  cache:', '    - name: deps', '      key: {prefix: deps, files: [pnpm-lock.yaml]}', '      paths: [node_modules]', '      when: always');
  out.push('.base:', '  image: alpine:3.20', '  variables:', '    FROM_TEMPLATE: "yes"');
  const perStage = jobs / STAGES.length;
  for (let i = 0; i < jobs; i++) {
    const stage = Math.floor(i / perStage);
    out.push(`job-${i}:`, `  stage: ${broken && i % 100 === 7 ? 'nope' : STAGES[stage]}`);
    if (i % 2 === 0) out.push('  extends: .base');
    if (stage > 0 && i % 3 === 0) out.push('  needs:', `    - job-${i - perStage}`, `    - job-${i - perStage + 1}`);
    out.push('  variables:', `    JOB_INDEX: "${i}"`, `    JOB_LABEL: "job number ${i} of the generated workflow"`);
    if (i % 5 === 0) out.push('  cache:', '    - name: deps', '      policy: pull');
    out.push('  script:', `    - echo "building part ${i}"`, '    - test -n "$JOB_INDEX"', `    - echo "done with ${i}" > out-${i}.txt`);
  }
  return `${out.join('\n')}\n`;
}

/** One fresh process: import, then one cold parse, then a few warm ones; wall and CPU milliseconds. */
function measure(file) {
  const script = `
    const text = (await import('node:fs')).readFileSync(${JSON.stringify(file)}, 'utf8');
    const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
    let t = performance.now(), c = cpu();
    const { parseWorkflow } = await import(${JSON.stringify(dist)});
    const importMs = performance.now() - t;
    t = performance.now(); c = cpu();
    const result = parseWorkflow(text, '.loom/workflow.yml');
    const cold = performance.now() - t, coldCpu = cpu() - c;
    const warm = [];
    for (let i = 0; i < 5; i++) { t = performance.now(); parseWorkflow(text, '.loom/workflow.yml'); warm.push(performance.now() - t); }
    const issues = result.ok ? 0 : result.issues.length;
    console.log(JSON.stringify({ importMs, cold, coldCpu, warm: Math.min(...warm), issues, bytes: text.length }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const floor = Array.from({ length: RUNS }, () => {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  return performance.now() - t;
});

console.log(`parseWorkflow, ${JOBS} jobs, median of ${RUNS} fresh processes (min in brackets), Node ${process.version}\n`);
console.log('| file | size | import | cold parse (wall) | cold parse (CPU) | warm parse | issues | target | met |');
console.log('|---|---|---|---|---|---|---|---|---|');
let missed = 0;
const dir = fileURLToPath(new URL(`./.out/schema-${process.pid}/`, import.meta.url));
mkdirSync(dir, { recursive: true });
for (const broken of [false, true]) {
  const file = join(dir, `workflow-${broken ? 'broken' : 'clean'}.yml`);
  writeFileSync(file, generate(JOBS, broken));
  const runs = Array.from({ length: RUNS }, () => measure(file));
  const col = (k) => `${ms(median(runs.map((r) => r[k])))} (${ms(Math.min(...runs.map((r) => r[k])))})`;
  const cold = median(runs.map((r) => r.cold));
  const met = broken ? '—' : cold <= TARGET_MS ? 'met' : 'missed';
  if (met === 'missed') missed++;
  const first = runs[0];
  console.log(`| ${broken ? 'with issues (1 per 100 jobs)' : 'clean'} | ${(first.bytes / 1024).toFixed(0)} KB | ${col('importMs')} | ${col('cold')} | ${col('coldCpu')} | ${col('warm')} | ${first.issues} | ${broken ? '—' : `≤ ${TARGET_MS} ms`} | ${met} |`);
}
rmSync(dir, { recursive: true, force: true });
console.log(`\nFloor: \`node -e ''\` ${ms(median(floor))} (min ${ms(Math.min(...floor))}).`);
process.exitCode = missed ? 1 : 0;
