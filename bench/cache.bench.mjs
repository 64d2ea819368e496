// cache: the cache engine (built dist/) against floors measured in the same run, interleaved, medians.
//   hashing   `cacheKey` over 1 GB in 20,000 files of mixed sizes vs one `sha256sum` process over the same files
//   go key    the seed's `go` entry (go.work, go.work.sum, apps/**/go.sum, libs/**/go.sum) on a 100,000-file tree
//   docker    a warm `loom run --local` job restoring and using a 1,000-file vendor/ (busybox) vs the floor:
//             `zstd -dc <the same archive> | docker run -i --rm busybox sh -c 'tar -x && <use>'`
//   host      the same job on the host vs the floor `zstd -dc <archive> | tar -x` + the same use in `sh`
// Loom's job figure is the job's own duration from its record (job_started → job_finished: prepare, cache
// restore, the step, the unchanged-check of cache_save, cleanup); the whole CLI process is shown beside it.
// Fixtures are generated once under bench/.out/cache/ (delete it to regenerate). Needs `pnpm build`, `pnpm images`.
// BENCH_CACHE_ONLY=restore skips the hashing rows; =hash skips the restore rows.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OUT = new URL('./.out/cache/', import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const IMAGE = 'loom-local/busybox:latest';
// LOOM_BENCH_BIN: a private copy of the built CLI, so a rebuild during the bench cannot break it.
const BIN = process.env.LOOM_BENCH_BIN ?? new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
const { cacheKey } = await import('../packages/cache-key/dist/index.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn) => {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
};
const sh = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')}… failed: ${r.stderr}`);
  return r.stdout;
};

/** 20,000 files, 1 GiB: 70 % under 9 KB, 25 % 16–80 KB, the rest 0.25–4.5 MB (sizes deterministic). */
function hashTree() {
  const dir = join(OUT, 'hash');
  if (existsSync(join(dir, '.ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const pool = randomBytes(8 << 20);
  const sizes = Array.from({ length: 20_000 }, (_, i) => {
    const r = i % 100;
    return r < 70 ? 512 + ((i * 37) % 8192) : r < 95 ? 16_384 + ((i * 131) % 65_536) : r < 99 ? 262_144 + ((i * 977) % 1_048_576) : 2_097_152 + (i % 5) * 524_288;
  });
  const scale = (1 << 30) / sizes.reduce((a, b) => a + b, 0);
  sizes.forEach((size, i) => {
    const sub = join(dir, `d${i % 200}`);
    mkdirSync(sub, { recursive: true });
    const n = Math.min(pool.length - 4096, Math.round(size * scale));
    writeFileSync(join(sub, `f${i}.bin`), pool.subarray(i % 4096, (i % 4096) + n));
  });
  writeFileSync(join(dir, '.ready'), '');
  return dir;
}

/** 100,000 files: apps/ and libs/ of Go modules (a go.sum each) and many sources, plus a node_modules-like tree. */
function goTree() {
  const dir = join(OUT, 'go');
  if (existsSync(join(dir, '.ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  let files = 0;
  const put = (rel, text) => {
    const full = join(dir, rel);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
    files++;
  };
  put('go.work', 'go 1.22\n');
  put('go.work.sum', 'sum\n');
  for (let m = 0; m < 200; m++) {
    const root = `${m % 2 ? 'libs' : 'apps'}/mod${m}`;
    put(`${root}/go.sum`, `example.com/m${m} v1.0.${m} h1:x=\n`.repeat(20));
    for (let p = 0; p < 10; p++) for (let f = 0; f < 25; f++) put(`${root}/pkg${p}/f${f}.go`, `package pkg${p}\n`);
  }
  for (let i = 0; files < 100_000; i++) put(`node_modules/p${i % 500}/lib/f${i}.js`, 'x');
  writeFileSync(join(dir, '.ready'), '');
  return dir;
}

const ONLY = process.env.BENCH_CACHE_ONLY;
const hashRows = [];
if (ONLY !== 'restore') {
  const dir = hashTree();
  const listed = sh('find', [dir, '-type', 'f', '-name', '*.bin']).trim().split('\n');
  const bytes = listed.reduce((sum, f) => sum + lstatSync(f).size, 0);
  const loom = [];
  const floor = [];
  for (let round = -1; round < 3; round++) {
    const l = await time(() => cacheKey({ cwd: dir, files: ['**/*.bin'] }));
    const f = await time(() => sh('sha256sum', listed, { stdio: ['ignore', 'ignore', 'pipe'] }));
    if (round < 0) continue;
    loom.push(l);
    floor.push(f);
  }
  const [l, f] = [median(loom), median(floor)];
  const mbps = (s) => bytes / s / 1e6;
  hashRows.push(['hash 1 GiB in 20,000 files', `${mbps(l).toFixed(0)} MB/s (${l.toFixed(2)} s)`, `${mbps(f).toFixed(0)} MB/s (${f.toFixed(2)} s)`, `${((f / l) * 100).toFixed(0)} %`, '≥ 80 % of sha256sum', f / l >= 0.8]);
}
if (ONLY !== 'restore') {
  const dir = goTree();
  const go = { prefix: 'loom-cache', files: ['go.work', 'go.work.sum', 'apps/**/go.sum', 'libs/**/go.sum'] };
  const times = [];
  for (let round = -1; round < 5; round++) {
    const t = await time(() => cacheKey({ cwd: dir, ...go }));
    if (round >= 0) times.push(t);
  }
  const t = median(times);
  hashRows.push(['key of the seed `go` entry, 100,000-file tree', `${t.toFixed(3)} s`, '—', '—', '≤ 0.5 s', t <= 0.5]);
}

// ---- warm restore: docker and host jobs against their floors ----
function vendorRepo(kind, policy) {
  const dir = mkdtempSync(join(tmpdir(), `loom-bench-cache-${kind}-`));
  // The cold run generates vendor/ (1,000 files, 2-8 KB, deterministic); warm runs restore it. Nothing else
  // is in the workspace, so Loom's workspace copy and the floor's start from the same place.
  const prep = 'test -d vendor || for i in $(seq 0 999); do mkdir -p vendor/pkg$((i % 50)) && { echo "module $i"; head -c $((2000 + (i * 97) % 6000)) /dev/zero | tr "\\0" v; } > vendor/pkg$((i % 50))/f$i.txt; done';
  const use = 'test "$(find vendor -type f | wc -l)" -eq 1000';
  const job = [`${kind}-job:`, '  stage: deps', ...(kind === 'docker' ? [`  image: ${IMAGE}`] : []), '  cache:', '    - name: vendor', '      key: {prefix: vendor, files: [deps.lock]}', '      paths: [vendor]', `      policy: ${policy}`];
  const script = ['  script:', `    - '${prep.replaceAll("'", "''")}'`, `    - ${use}`];
  mkdirSync(join(dir, '.loom'));
  writeFileSync(join(dir, '.loom/workflow.yml'), ['version: v1', 'stages: [deps]', 'default:', '  target: linux', ...job, ...script, ''].join('\n'));
  writeFileSync(join(dir, 'deps.lock'), 'lock 1\n');
  writeFileSync(join(dir, '.gitignore'), '.loom/.runtime/\n');
  const git = (...args) => sh('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@loom.invalid', ...args], { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'bench');
  return { dir, steps: `${prep} && ${use}` };
}

async function loomRun(repo, mode) {
  const env = { ...process.env, CI: 'true', TMPDIR: join(OUT, 'tmp'), LOOM_DOCKER_WORKSPACE_MOUNT: mode };
  mkdirSync(env.TMPDIR, { recursive: true });
  let receipt = '';
  const whole = await time(async () => {
    const { stderr } = await run(process.execPath, [BIN, 'run', '--local', '--quiet'], { cwd: repo, env });
    receipt = /receipt: (\S+)/.exec(stderr)[1];
  });
  const logs = JSON.parse(readFileSync(receipt, 'utf8')).logs_dir;
  const jobId = readdirSync(join(logs, 'jobs'))[0];
  const summary = JSON.parse(readFileSync(join(logs, 'jobs', jobId, 'summary.json'), 'utf8'));
  const restore = JSON.parse(readFileSync(join(logs, 'jobs', jobId, 'system/cache_restore/summary.json'), 'utf8'));
  const savePath = join(logs, 'jobs', jobId, 'system/cache_save/summary.json');
  const save = existsSync(savePath) ? JSON.parse(readFileSync(savePath, 'utf8')).duration_ms / 1000 : 0;
  if (summary.status !== 'success') throw new Error(`bench job failed: ${receipt}`);
  rmSync(logs, { recursive: true, force: true });
  return { job: summary.duration_ms / 1000, whole, hit: restore.data.entries[0].status, restore: restore.duration_ms / 1000, save };
}

function storeState(repo) {
  const store = join(repo, '.loom/.runtime/cache');
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(store, rel))) {
      const st = lstatSync(join(store, rel, name));
      if (st.isDirectory()) walk(join(rel, name));
      // Names and sizes: a restore sets the archive's mtime (its last use), which is all it may change.
      else out.push(`${join(rel, name)}:${st.size}`);
    }
  };
  walk('');
  return out.sort().join('\n');
}

const restoreRows = [];
const made = [];
try {
  const allCases = [['docker', 'ephemeral_volume', 'pull-push'], ['docker', 'ephemeral_volume', 'pull'], ['docker', 'bind_mount', 'pull-push'], ['host', 'ephemeral_volume', 'pull-push']];
  const cases = ONLY === 'hash' ? [] : allCases;
  for (const [kind, mode, policy] of cases) {
    const { dir, steps } = vendorRepo(kind, policy === 'pull' ? 'pull-push' : policy);
    made.push(dir);
    await loomRun(dir, mode); // cold: saves
    if (policy === 'pull') {
      writeFileSync(join(dir, '.loom/workflow.yml'), readFileSync(join(dir, '.loom/workflow.yml'), 'utf8').replace('policy: pull-push', 'policy: pull'));
      sh('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@loom.invalid', 'commit', '-qam', 'pull'], { cwd: dir });
    }
    const archive = join(dir, '.loom/.runtime/cache/archives', readdirSync(join(dir, '.loom/.runtime/cache/archives'))[0]);
    const floorDir = join(OUT, 'floor');
    const floor = kind === 'docker'
      ? () => run('sh', ['-c', `zstd -q -dc '${archive}' | docker run -i --rm ${IMAGE} sh -c 'mkdir -p /workspace && cd /workspace && tar -x && ${steps}'`])
      : () => {
          // A fresh directory per round, removed outside the timing (Loom's workspace is fresh too).
          rmSync(floorDir, { recursive: true, force: true });
          mkdirSync(floorDir, { recursive: true });
          return time(() => run('sh', ['-c', `zstd -q -dc '${archive}' | tar -C '${floorDir}' --no-same-owner -m -x && cd '${floorDir}' && sh -c '${steps}'`]));
        };
    const before = storeState(dir);
    const loom = [];
    const whole = [];
    const floors = [];
    const sections = [];
    let hits = 0;
    for (let round = -1; round < ROUNDS; round++) {
      const l = await loomRun(dir, mode);
      const f = kind === 'docker' ? await time(floor) : await floor();
      if (round < 0) continue;
      loom.push(l.job);
      whole.push(l.whole);
      floors.push(f);
      sections.push(l.restore + l.save);
      if (l.hit === 'hit') hits++;
    }
    const untouched = storeState(dir) === before;
    const [l, w, f] = [median(loom), median(whole), median(floors)];
    const target = kind === 'docker' ? 1.15 : 1.2;
    restoreRows.push({ kind, mode, policy, l, w, f, target, hits, untouched, c: median(sections) });
  }
} finally {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  rmSync(join(OUT, 'floor'), { recursive: true, force: true });
  rmSync(join(OUT, 'tmp'), { recursive: true, force: true });
}

const verdict = (ok) => (ok ? 'met' : '**missed**');
console.log('\nHashing (`@loom/cache-key`, in process, page cache warm; median of 3) and the key of the seed\'s go entry (median of 5).\n');
console.log('| what | Loom | baseline (sha256sum, one process) | Loom / baseline throughput | target | result |');
console.log('|---|---|---|---|---|---|');
for (const [what, l, b, ratio, target, ok] of hashRows) console.log(`| ${what} | ${l} | ${b} | ${ratio} | ${target} | ${verdict(ok)} |`);
console.log(`\nWarm restore of a 1,000-file vendor/ (${ROUNDS} rounds, medians): the job's duration from its record vs the floor; the whole \`loom run\` process is shown beside it. "store untouched": the warm runs wrote no archive or record (a restore only sets the archive's mtime, its last use).\n`);
console.log('| job | workspace mode | policy | Loom job s | of it cache restore + save s | whole loom run s | floor s | job / floor | target | result | hits | store untouched |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of restoreRows) {
  const ratio = r.l / r.f;
  const isTarget = r.policy === 'pull-push' && !(r.kind === 'docker' && r.mode === 'bind_mount');
  const mode = r.kind === 'host' ? 'host' : r.mode;
  console.log(`| ${r.kind} | ${mode} | ${r.policy} | ${r.l.toFixed(3)} | ${r.c.toFixed(3)} | ${r.w.toFixed(3)} | ${r.f.toFixed(3)} | ${ratio.toFixed(2)} | ${isTarget ? `≤ ${r.target}×` : '— (informational)'} | ${isTarget ? verdict(ratio <= r.target) : '—'} | ${r.hits}/${ROUNDS} | ${r.untouched ? 'yes' : '**no**'} |`);
}
