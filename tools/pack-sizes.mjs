// Writes docs/packages.md: each publishable package's tarball (`pnpm pack`) with its size and file count.
// Run after `pnpm build`: `pnpm pack:sizes`. packages/cli/test/packed.test.ts checks what the tarballs hold.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dest = mkdtempSync(join(tmpdir(), 'loom-pack-sizes-'));
const rows = [];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const pkgDir = join(root, 'packages', dir);
  const json = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  if (json.private) continue;
  const packed = JSON.parse(execFileSync('pnpm', ['pack', '--json', '--pack-destination', dest], { cwd: pkgDir, encoding: 'utf8' }));
  const unpacked = packed.files.reduce((sum, f) => sum + statSync(join(pkgDir, f.path)).size, 0);
  rows.push(`| \`${json.name}\` | ${kb(statSync(packed.filename).size)} | ${kb(unpacked)} | ${packed.files.length} |`);
}
rmSync(dest, { recursive: true, force: true });
writeFileSync(join(root, 'docs/packages.md'), `# Published packages

What \`pnpm pack\` makes of each publishable package (everything but the private \`@loom/test-kit\`): \`dist/\`
(JavaScript and declarations; no tests, fixtures, source maps or build state), \`package.json\`, \`README.md\` and
\`LICENSE\`. Regenerate with \`pnpm build && pnpm pack:sizes\`. \`@loom/cli\` is large because \`dist/bin.js\` and
\`dist/chunks/\` bundle the libraries it runs (see tools/bundle-cli.mjs) beside their plain \`tsc\` output.

| package | tarball | unpacked | files |
|---|---|---|---|
${rows.join('\n')}
`);
console.log(`docs/packages.md: ${rows.length} packages`);
