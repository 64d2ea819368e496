// Node module hooks (`node --import <this file>`): appends the URL of every module loaded to the file
// named by LOOM_MODULE_LOG. Used to prove that a run without keepass:// loads neither kdbxweb nor hash-wasm
// (packages/cli/test/run-secrets.test.ts, bench/secrets.bench.mjs).
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Node loads this file again in its hooks thread: register from the main thread only.
if (isMainThread) {
  register(import.meta.url, { data: { log: process.env.LOOM_MODULE_LOG } });
}

let log;
export function initialize(data) {
  log = data.log;
}
export async function load(url, context, next) {
  if (log) appendFileSync(log, `${url}\n`);
  return next(url, context);
}
