// daily (issue 16): the everyday read-back commands on real records made by the built CLI (`pnpm build` first).
//   (1) `loom logs big` of a job with 100,000 output lines, to /dev/null, beside `cat` of the same
//       events.jsonl (the floor: reading the bytes at all); target < 1 s.
//   (2) the HTML report of a 30-job run (3 stages × 10 jobs, needs across stages, one failing job with
//       2,000 output lines and cache + artifacts): its size (target < 500 KB), writing it again with
//       `loom report` after deleting it, and its render time in headless Chromium (navigate → load event,
//       Debian's chromium over the DevTools pipe) beside a one-line HTML page in the same browser (the
//       floor); target < 1 s. Median of ROUNDS.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { workflowRepo } from './support.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGETS = { logsS: 1, reportKB: 500, renderMs: 1000 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok) => (ok ? 'met' : '**missed**');
const WORK_TMP = mkdtempSync(join(tmpdir(), 'loom-bench-daily-'));
const env = { ...process.env, CI: 'true', TMPDIR: WORK_TMP };

const makeRepo = (yaml) => workflowRepo(WORK_TMP, 'repo-', yaml);

function loom(cwd, ...args) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  return run;
}

function timed(fn) {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

const latestLogs = (repo) => {
  const logs = join(repo, '.loom/.runtime/logs');
  return join(logs, readdirSync(logs).sort().at(-1));
};

// (1) loom logs of 100,000 lines
const bigRepo = makeRepo(['version: v1', 'stages: [build]', 'big:', '  stage: build', '  target: linux', '  script:', "    - seq 1 100000 | sed 's/^/output line number /'", ''].join('\n'));
const bigRun = loom(bigRepo, 'run', '--local', '--quiet');
if (bigRun.status !== 0) throw new Error(`loom run failed:\n${bigRun.stderr}`);
const bigEvents = join(latestLogs(bigRepo), 'jobs/big/user/execution/script/01/events.jsonl');
const logsLines = loom(bigRepo, 'logs', 'big').stdout.split('\n').length - 1;
const logsTimes = [];
const logsCpu = [];
const catTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  // CPU (user + sys) beside the wall time: on a loaded machine the wall time mostly waits for a core.
  const cpuFile = join(WORK_TMP, 'cpu');
  logsTimes.push(timed(() => execFileSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, 'sh', '-c', `node ${BIN} logs big > /dev/null`], { cwd: bigRepo, env })));
  logsCpu.push(readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0));
  catTimes.push(timed(() => execFileSync('sh', ['-c', `cat ${bigEvents} > /dev/null`])));
}

// (2) the report of a 30-job run
const lines = ['version: v1', 'stages: [build, test, ship]', 'default:', '  target: linux'];
for (let i = 1; i <= 10; i++) {
  lines.push(`build-${i}:`, '  stage: build', '  cache:', '    key: {prefix: bench}', `    paths: [cache-${i}]`, '  artifacts:', `    paths: [out-${i}.txt]`, '  script:', `    - mkdir -p cache-${i} && echo build ${i} > out-${i}.txt`, `    - echo compiled ${i}`);
  lines.push(`test-${i}:`, '  stage: test', `  needs: [build-${i}]`, '  script:', `    - echo tested ${i}`);
  // The failure is in the last stage, so all 30 jobs run (an earlier one would skip the later stages).
  lines.push(`ship-${i}:`, '  stage: ship', '  script:', i === 3 ? "    - seq 1 2000 | sed 's/^/failing output /'; exit 1" : `    - echo ship ${i}`);
}
const reportRepo = makeRepo(`${lines.join('\n')}\n`);
loom(reportRepo, 'run', '--local', '--quiet', '--concurrency', '4');
const reportPath = join(latestLogs(reportRepo), 'report.html');
const reportKB = statSync(reportPath).size / 1024;
const writeTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  rmSync(reportPath);
  writeTimes.push(timed(() => loom(reportRepo, 'report')));
}
const blank = join(WORK_TMP, 'blank.html');
writeFileSync(blank, '<!doctype html><title>floor</title><p>floor</p>\n');
const { launchChromium } = await import(pathToFileURL(join(ROOT, 'packages/test-kit/dist/chromium.js')).href);
const browser = await launchChromium();
const renderTimes = [];
const floorTimes = [];
let bars = 0;
try {
  for (let i = 0; i < ROUNDS; i++) {
    const page = await browser.newPage({ width: 1280, height: 900 });
    floorTimes.push(await page.open(pathToFileURL(blank).href));
    renderTimes.push(await page.open(pathToFileURL(reportPath).href));
    bars = await page.evaluate('document.querySelectorAll(".bar").length');
  }
} finally {
  await browser.close();
}
rmSync(WORK_TMP, { recursive: true, force: true });

const logsS = median(logsTimes);
const renderMs = median(renderTimes);
console.log(`\nRead-back of real records (built CLI, whole process); median of ${ROUNDS}; load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} CPUs.\n`);
console.log('| work | Loom | floor | Loom − floor | target | result |');
console.log('|---|---|---|---|---|---|');
console.log(`| \`loom logs big\` (${logsLines} lines) > /dev/null | ${logsS.toFixed(3)} s (CPU ${median(logsCpu).toFixed(2)} s) | ${median(catTimes).toFixed(3)} s (cat events.jsonl) | ${(logsS - median(catTimes)).toFixed(3)} s | < ${TARGETS.logsS} s | ${verdict(logsS < TARGETS.logsS)} |`);
console.log(`| report.html size, 30 jobs (${bars} bars) | ${reportKB.toFixed(1)} KB | | | < ${TARGETS.reportKB} KB | ${verdict(reportKB < TARGETS.reportKB)} |`);
console.log(`| \`loom report\` writing it again | ${median(writeTimes).toFixed(3)} s | | | | |`);
console.log(`| render in headless Chromium (navigate → load) | ${renderMs.toFixed(0)} ms | ${median(floorTimes).toFixed(0)} ms (one-line page) | ${(renderMs - median(floorTimes)).toFixed(0)} ms | < ${TARGETS.renderMs} ms | ${verdict(renderMs < TARGETS.renderMs)} |`);
