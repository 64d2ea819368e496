import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// patches/dockerode@*.patch and patches/docker-modem@*.patch make the BuildKit session (@grpc/grpc-js) and
// the ssh transport (ssh2) load on first use: together they were ~100 ms of every Docker run's start-up.
it('loading dockerode loads neither ssh2 nor @grpc/grpc-js (the pnpm patches are applied)', () => {
  const script = "require('dockerode'); console.log(JSON.stringify(Object.keys(require.cache)))";
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' })) as string[];
  expect(loaded.some((file) => file.includes('/docker-modem/'))).toBe(true);
  expect(loaded.filter((file) => /\/(ssh2|@grpc\/grpc-js|@grpc\/proto-loader)\//.test(file))).toEqual([]);
});
