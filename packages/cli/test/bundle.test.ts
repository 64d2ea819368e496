/**
 * The bundled CLI (tools/bundle-cli.mjs) leaves a few modules outside: what its chunks require at run time
 * by a bare name must resolve from where the chunks are (the CLI's declared dependencies), also the parts
 * that only rare paths load (dockerode's BuildKit session and status, docker-modem's ssh transport, through
 * @loom/provider-docker/lazy/*).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const chunks = new URL('../dist/chunks/', import.meta.url).pathname;

it('every module a chunk requires by name resolves from the chunks', () => {
  const required = new Set<string>();
  for (const file of readdirSync(chunks).filter((f) => f.endsWith('.js'))) {
    for (const match of readFileSync(join(chunks, file), 'utf8').matchAll(/__require\("([^"./][^"]*)"\)/g)) required.add(match[1] as string);
  }
  const named = [...required].filter((name) => !name.startsWith('node:') && !builtinModules.includes(name));
  const lazyDockerParts = ['@loom/provider-docker/lazy/session', '@loom/provider-docker/lazy/buildkit', '@loom/provider-docker/lazy/ssh'];
  expect(named).toEqual(expect.arrayContaining(lazyDockerParts));
  const resolveHere = createRequire(join(chunks, 'x.js'));
  const unresolved = named.filter((name) => {
    try {
      resolveHere.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
  expect(unresolved).toEqual([]);
  // and they load (grpc, protobufjs, ssh2: what a BuildKit build or an ssh:// host would need)
  for (const name of lazyDockerParts) expect(resolveHere(name), name).toBeTruthy();
});
