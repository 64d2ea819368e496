// secrets: whole-process `loom run --local --quiet` of one host job that resolves 10 KeePass secrets from one
// KDBX 4 vault (Argon2id, 64 MiB, 10 iterations, 2 lanes — KeePassXC's defaults), beside the same job without
// secrets, measured in the same run (median of ROUNDS after a warm-up each). Target: ≤ 1.2 s added (one
// vault open per run). Then the lazy-loading check: a run with no keepass:// ref must load neither kdbxweb
// nor hash-wasm (module URLs logged by packages/cli/test/module-log-hooks.mjs, and each loaded file searched
// for the libraries' code), while the run with secrets does load them (so the check can fail).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitRepo } from './support.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const HOOKS = join(ROOT, 'packages/cli/test/module-log-hooks.mjs');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET_ADDED_S = 1.2;
const SECRETS = 10;

const { loadKeepassTools } = await import(join(ROOT, 'packages/secrets/dist/index.js'));
const work = mkdtempSync(join(tmpdir(), 'loom-bench-secrets-'));
const WORK_TMP = join(work, 'tmp');
mkdirSync(WORK_TMP);

async function makeVault() {
  const tools = await loadKeepassTools();
  const path = join(work, 'bench.kdbx');
  const db = await tools.createVault(path, { password: 'bench-pw' }, tools.DEFAULT_KDF);
  for (let i = 1; i <= SECRETS; i++) tools.setField(db, ['bench', `entry-${i}`], 'password', `bench-secret-value-${i}`);
  await tools.saveVault(db, path);
  return path;
}

function makeRepo(name, withSecrets) {
  const dir = join(work, name);
  mkdirSync(join(dir, '.loom'), { recursive: true });
  const lines = ['version: v1', 'stages: [ci]', 'job:', '  stage: ci', '  target: linux'];
  if (withSecrets) {
    lines.push('  secrets:');
    for (let i = 1; i <= SECRETS; i++) lines.push(`    S${i}: {ref: "keepass://bench#entry-${i}:password"}`);
  }
  lines.push('  script: ["true"]');
  return commitRepo(dir, `${lines.join('\n')}\n`);
}

const vault = await makeVault();
const env = { ...process.env, CI: 'true', TMPDIR: WORK_TMP, LOOM_KEEPASS_DB_BENCH_PATH: vault, LOOM_KEEPASS_DB_BENCH_PASSWORD_ENV: 'BENCH_PW', BENCH_PW: 'bench-pw' };
const repos = { with: makeRepo('with-secrets', true), without: makeRepo('without-secrets', false) };

function run(cwd, nodeArgs = [], extraEnv = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, 'run', '--local', '--quiet'], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`loom run failed in ${cwd}:\n${r.stderr}`);
  return seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { with: [], without: [] };
run(repos.with);
run(repos.without);
for (let i = 0; i < ROUNDS; i++) for (const k of ['without', 'with']) times[k].push(run(repos[k]));

/** Which of kdbxweb / hash-wasm a run loaded: by module URL (unbundled) or by their code in a loaded file. */
function heavyLoaded(cwd) {
  const log = join(work, `modules-${Math.random().toString(16).slice(2)}.txt`);
  run(cwd, ['--import', HOOKS], { LOOM_MODULE_LOG: log });
  const urls = existsSync(log) ? [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:')))] : [];
  const found = new Set();
  for (const url of urls) {
    const text = url.includes('/node_modules/') ? '' : readFileSync(fileURLToPath(url), 'utf8');
    if (url.includes('/kdbxweb/') || /\bclass KdbxError\b|KdbxError = class/.test(text)) found.add('kdbxweb');
    if (url.includes('/hash-wasm/') || /hash-wasm@|function argon2id\d*\(/.test(text)) found.add('hash-wasm');
  }
  return { modules: urls.length, found: [...found].sort() };
}
const lazyWithout = heavyLoaded(repos.without);
const lazyWith = heavyLoaded(repos.with);

const added = median(times.with) - median(times.without);
const ok = (b) => (b ? 'yes' : '**NO**');
console.log(`\n${SECRETS} keepass:// secrets, one KDBX 4 vault (Argon2id 64 MiB, 10 iterations, p=2); median of ${ROUNDS}\n`);
console.log('| run | median s | added s | target | met |');
console.log('|---|---|---|---|---|');
console.log(`| without secrets (baseline) | ${median(times.without).toFixed(3)} | — | — | — |`);
console.log(`| with ${SECRETS} keepass secrets | ${median(times.with).toFixed(3)} | ${added.toFixed(3)} | ≤ ${TARGET_ADDED_S} | ${ok(added <= TARGET_ADDED_S)} |`);
console.log('\n| lazy loading | modules loaded | kdbxweb / hash-wasm loaded | expected | met |');
console.log('|---|---|---|---|---|');
const lazyOk = lazyWithout.found.length === 0;
const sanityOk = lazyWith.found.join() === 'hash-wasm,kdbxweb';
console.log(`| run without keepass:// | ${lazyWithout.modules} | ${lazyWithout.found.join(', ') || 'neither'} | neither | ${ok(lazyOk)} |`);
console.log(`| run with keepass:// (the check can fail) | ${lazyWith.modules} | ${lazyWith.found.join(', ') || 'neither'} | both | ${ok(sanityOk)} |`);
rmSync(work, { recursive: true, force: true });
process.exit(added <= TARGET_ADDED_S && lazyOk && sanityOk ? 0 : 1);
