// snapshot: Loom's isolated workspace (`createSnapshot`, built dist/) on a generated repository of 10,000
// tracked files / 200 MiB with 100 modified, 20 staged, 20 deleted and 100 untracked files (plus an ignored
// node_modules/ of 1,000 files that nobody should copy), against, in the same run:
//   baseline: `git clone --local` + copying the dirty files with a shell loop (`cp -a --parents`, `rm -f`)
//   floor:    `cp -a` of the whole repository directory
// Each is run 3 times, interleaved; the table shows medians. The fixture is generated once and cached under
// bench/.out/snapshot/ (delete that folder to regenerate); every snapshot/copy made here is removed again.
// `node bench/snapshot.bench.mjs --fixture-only` just (re)uses/generates the fixture and prints its path.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const OUT = new URL('./.out/snapshot/', import.meta.url).pathname;
const REPO = join(OUT, 'repo');
const RUNS = join(OUT, 'runs');
const READY = join(OUT, 'ready.json');
const DIST = new URL('../packages/snapshot/dist/index.js', import.meta.url).pathname;
const SHAPE = { files: 10_000, bytes: 200 * 1024 * 1024, modified: 100, staged: 20, deleted: 20, untracked: 100, ignored: 1_000 };
const ROUNDS = 3;
const TARGET = 1.3;

/** Deterministic pseudo-random text of `size` bytes (base64 of a hash chain: git compresses it like source). */
function content(seed, size) {
  const chunks = [];
  let block = createHash('sha512').update(seed).digest();
  let have = 0;
  while (have < size) {
    block = createHash('sha512').update(block).digest();
    const text = `${block.toString('base64')}\n`;
    chunks.push(text);
    have += text.length;
  }
  return chunks.join('').slice(0, size);
}

function sh(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const trackedPath = (i) => `src/pkg-${String(Math.floor(i / 100)).padStart(2, '0')}/file-${String(i % 100).padStart(3, '0')}.txt`;

/** Builds the repository once: commit 10,000 files, pack them, then make the working tree dirty. */
function generate() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  const write = (rel, text, mode) => {
    const full = join(REPO, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    if (mode) chmodSync(full, mode);
  };
  const avg = SHAPE.bytes / SHAPE.files;
  for (let i = 0; i < SHAPE.files; i++) {
    // sizes spread between 0.2× and 1.8× the average; every 50th file is executable
    const size = Math.round(avg * (0.2 + 1.6 * ((i * 7919) % 1000) / 999));
    write(trackedPath(i), content(`tracked-${i}`, size), i % 50 === 0 ? 0o755 : undefined);
  }
  write('.gitignore', 'node_modules/\n*.log\n');
  for (let i = 0; i < 10; i++) symlinkSync(`../pkg-00/file-00${i}.txt`, join(REPO, `src/pkg-01/link-${i}.txt`));
  const git = (...args) => sh('git', args, REPO);
  git('init', '-q', '--initial-branch=main');
  git('config', 'user.name', 'Loom Bench');
  git('config', 'user.email', 'bench@loom.invalid');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');
  git('repack', '-a', '-d', '-q', '--window=0');
  git('prune-packed');
  const copy = [];
  const del = [];
  for (let i = 0; i < SHAPE.modified; i++) {
    const rel = trackedPath(i * 97 + 1);
    write(rel, content(`modified-${i}`, 20_000));
    copy.push(rel);
  }
  for (let i = 0; i < SHAPE.staged; i++) {
    const rel = `src/staged/new-${i}.txt`;
    write(rel, content(`staged-${i}`, 20_000));
    copy.push(rel);
  }
  git('add', 'src/staged');
  for (let i = 0; i < SHAPE.deleted; i++) {
    const rel = trackedPath(i * 89 + 5);
    unlinkSync(join(REPO, rel));
    del.push(rel);
  }
  for (let i = 0; i < SHAPE.untracked; i++) {
    const rel = `src/untracked/dir-${i % 5}/u-${i}.txt`;
    write(rel, content(`untracked-${i}`, 20_000));
    copy.push(rel);
  }
  for (let i = 0; i < SHAPE.ignored; i++) write(`node_modules/dep-${i % 20}/f-${i}.js`, content(`ignored-${i}`, 2_000));
  write('debug.log', 'ignored\n');
  const status = git('status', '--porcelain=v2', '-z', '--untracked-files=all').split('\0').filter(Boolean);
  const expected = SHAPE.modified + SHAPE.staged + SHAPE.deleted + SHAPE.untracked;
  if (status.length !== expected) throw new Error(`fixture has ${status.length} status entries, expected ${expected}`);
  writeFileSync(join(OUT, 'copy.list'), copy.map((p) => `${p}\0`).join(''));
  writeFileSync(join(OUT, 'delete.list'), del.map((p) => `${p}\0`).join(''));
  writeFileSync(READY, JSON.stringify(SHAPE));
}

function ensureFixture() {
  if (existsSync(READY) && readFileSync(READY, 'utf8') === JSON.stringify(SHAPE)) return;
  const t = performance.now();
  console.log('generating the fixture repository (once)…');
  generate();
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Loom: `createSnapshot` from the built dist in a fresh Node process, timed inside it (the CLI calls it in-process). */
const CHILD = `
  const { createSnapshot } = await import(process.env.DIST);
  const start = performance.now();
  const m = await createSnapshot({ repoRoot: process.env.REPO, runId: process.env.RUN_ID, tmpdir: process.env.RUNS });
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, rssKiB: process.resourceUsage().maxRSS, path: m.path, counts: m.counts, skipped: m.skipped.length, warnings: m.warnings.length }));
`;

function runLoom(round) {
  const env = { ...process.env, DIST, REPO, RUNS, RUN_ID: `loom-run-local-${Date.now()}000000` };
  const useTime = existsSync('/usr/bin/time');
  const [cmd, args] = useTime
    ? ['/usr/bin/time', ['-f', 'TREE_MAX_RSS_KIB=%M', process.execPath, '--input-type=module', '-e', CHILD]]
    : [process.execPath, ['--input-type=module', '-e', CHILD]];
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`loom snapshot (round ${round}) failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop());
  const tree = /TREE_MAX_RSS_KIB=(\d+)/.exec(r.stderr);
  return { ...result, treeRssKiB: tree ? Number(tree[1]) : undefined };
}

const BASELINE = `
  set -e
  git clone -q --local "$REPO" "$DST"
  cd "$REPO"
  while IFS= read -r -d '' f; do cp -a --parents -- "$f" "$DST/"; done < "$OUT/copy.list"
  while IFS= read -r -d '' f; do rm -f -- "$DST/$f"; done < "$OUT/delete.list"
`;

function timed(cmd, args, env) {
  const start = performance.now();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return ms;
}

/** Removes a copy and flushes dirty pages, so one measurement's writeback does not bill the next. */
function discard(dir) {
  rmSync(dir, { recursive: true, force: true });
  spawnSync('sync');
}

/** The snapshot and the baseline must hold the same files (the ratio compares equal work). */
function assertSameTree(loomDir, baselineDir) {
  const r = spawnSync('diff', ['-r', '--no-dereference', '-q', '-x', '.git', loomDir, baselineDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`snapshot and baseline differ:\n${r.stdout}${r.stderr}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMiB = (kib) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(0)} MiB`);

ensureFixture();
if (process.argv.includes('--fixture-only')) {
  console.log(REPO);
  process.exit(0);
}
if (!existsSync(DIST)) {
  console.error(`missing ${DIST}: run pnpm build first`);
  process.exit(1);
}
rmSync(RUNS, { recursive: true, force: true });
mkdirSync(RUNS, { recursive: true });

const times = { loom: [], baseline: [], floor: [] };
let rss = 0;
let treeRss;
let last;
for (let round = 1; round <= ROUNDS; round++) {
  const loom = runLoom(round);
  times.loom.push(loom.ms);
  rss = Math.max(rss, loom.rssKiB);
  if (loom.treeRssKiB !== undefined) treeRss = Math.max(treeRss ?? 0, loom.treeRssKiB);
  last = loom;
  const baselineDir = join(RUNS, `baseline-${round}`);
  times.baseline.push(timed('bash', ['-c', BASELINE], { REPO, DST: baselineDir, OUT }));
  if (round === 1) assertSameTree(loom.path, baselineDir);
  discard(loom.path);
  discard(baselineDir);
  const floorDir = join(RUNS, `floor-${round}`);
  times.floor.push(timed('cp', ['-a', REPO, floorDir]));
  discard(floorDir);
}
rmSync(RUNS, { recursive: true, force: true });

const loomMs = median(times.loom);
const baseMs = median(times.baseline);
const ratio = loomMs / baseMs;
const c = last.counts;
console.log(`fixture: ${SHAPE.files} files / ${SHAPE.bytes / 1024 / 1024} MiB at HEAD; dirty: ${SHAPE.modified} modified, ${SHAPE.staged} staged, ${SHAPE.deleted} deleted, ${SHAPE.untracked} untracked (+${SHAPE.ignored} ignored files); median of ${ROUNDS}`);
console.log(`snapshot counts: ${JSON.stringify(c)}; trees of snapshot and baseline compared equal (diff -r, .git excluded)`);
console.log('');
console.log('| what | median | runs |');
console.log('|---|---|---|');
console.log(`| Loom \`createSnapshot\` (in-process time) | ${fmtS(loomMs)} | ${times.loom.map(fmtS).join(', ')} |`);
console.log(`| baseline: \`git clone --local\` + shell loop over the dirty files | ${fmtS(baseMs)} | ${times.baseline.map(fmtS).join(', ')} |`);
console.log(`| floor: \`cp -a\` of the whole repository | ${fmtS(median(times.floor))} | ${times.floor.map(fmtS).join(', ')} |`);
console.log('');
console.log('| ratio vs baseline | target | result | peak RSS (snapshot process) | largest process incl. git children |');
console.log('|---|---|---|---|---|');
console.log(`| ${ratio.toFixed(2)}× | ≤ ${TARGET}× | ${ratio <= TARGET ? 'met' : 'MISSED'} | ${fmtMiB(rss)} | ${fmtMiB(treeRss)} |`);
