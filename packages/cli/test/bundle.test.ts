/**
 * The bundled CLI (tools/bundle-cli.mjs) leaves a few modules outside: what its chunks require at run time
 * by a bare name must resolve from where the chunks are (the CLI's declared dependencies), also the parts
 * that only rare paths load (dockerode's BuildKit session, docker-modem's ssh transport).
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
  expect(named).toEqual(expect.arrayContaining(['dockerode/lib/session.js', 'docker-modem/lib/ssh.js']));
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
});
