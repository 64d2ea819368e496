// The layer rules of docs/architecture.md, checked over package.json dependencies, tsconfig references and
// the imports that src/ and test/ files actually write. Exits 1 with one line per violation.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ALLOWED = {
  base: ['base'],
  core: ['core', 'base'],
  adapter: ['base'],
  engine: ['core', 'base'],
  app: ['base', 'core', 'adapter', 'engine', 'test'],
  test: ['core', 'base'],
};
// Heavy libraries live in exactly one package each.
const CONFINED = { dockerode: 'provider-docker', kdbxweb: 'secrets', cac: 'cli', execa: 'provider-host' };

// Only real module specifiers: `import … from 'x'` / `export … from 'x'` (also the closing line of a
// multi-line import), `import 'x'`, and `import('x')` — never a string that merely follows the word "from".
const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\b[^'"\n;]*?\bfrom\s*['"]([^'"\n]+)['"]/gm,
  /^\s*\}\s*from\s*['"]([^'"\n]+)['"]/gm,
  /^\s*import\s*['"]([^'"\n]+)['"]/gm,
  /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];
function importSpecifiers(text) {
  return IMPORT_PATTERNS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
}

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const pkgs = Object.fromEntries(
  readdirSync(join(root, 'packages')).map((dir) => {
    const json = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    const layer = (json.nx?.tags ?? []).find((t) => t.startsWith('layer:'))?.slice(6);
    return [dir, { json, layer }];
  }),
);

const loomDeps = (deps = {}) => Object.keys(deps).filter((d) => d.startsWith('@loom/')).map((d) => d.slice(6));

for (const [dir, { json, layer }] of Object.entries(pkgs)) {
  if (json.name !== `@loom/${dir}`) problems.push(`packages/${dir}: name must be @loom/${dir}`);
  if (!layer || !ALLOWED[layer]) { problems.push(`packages/${dir}: nx.tags needs one layer:<${Object.keys(ALLOWED).join('|')}>`); continue; }
  const deps = loomDeps(json.dependencies);
  for (const dep of deps) {
    const depLayer = pkgs[dep]?.layer;
    if (!depLayer) problems.push(`packages/${dir}: depends on unknown @loom/${dep}`);
    else if (!ALLOWED[layer].includes(depLayer)) problems.push(`packages/${dir} (layer:${layer}) may not depend on @loom/${dep} (layer:${depLayer})`);
  }
  for (const dev of loomDeps(json.devDependencies)) {
    if (dev !== 'test-kit') problems.push(`packages/${dir}: only @loom/test-kit may be a devDependency; move @loom/${dev} to dependencies`);
  }
  const tsconfig = JSON.parse(readFileSync(join(root, 'packages', dir, 'tsconfig.json'), 'utf8'));
  const refs = (tsconfig.references ?? []).map((r) => r.path.replace('../', '')).sort();
  if (refs.join() !== [...deps].sort().join()) problems.push(`packages/${dir}/tsconfig.json references [${refs}] must match its @loom dependencies [${deps.sort()}]`);
  for (const [lib, owner] of Object.entries(CONFINED)) {
    if (json.dependencies?.[lib] && dir !== owner) problems.push(`packages/${dir}: ${lib} belongs to @loom/${owner} only`);
  }
  checkImports(dir, json);
}

function checkImports(dir, json) {
  const declared = new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.peerDependencies ?? {})]);
  const declaredDev = new Set([...declared, ...Object.keys(json.devDependencies ?? {})]);
  for (const [folder, allowed] of [['src', declared], ['test', declaredDev]]) {
    for (const file of walk(join(root, 'packages', dir, folder))) {
      const text = readFileSync(file, 'utf8');
      for (const spec of importSpecifiers(text)) {
        const rel = file.slice(root.length);
        if (spec.startsWith('.')) {
          if (spec.includes('../../')) problems.push(`${rel}: relative import ${spec} leaves the package`);
          continue;
        }
        if (spec.startsWith('node:') || spec === 'vitest' || spec.startsWith('vitest/')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (name === json.name) continue;
        if (!allowed.has(name)) problems.push(`${rel}: imports ${name}, which packages/${dir}/package.json does not declare`);
        if (spec.startsWith('@loom/') && spec.includes('/src')) problems.push(`${rel}: import ${spec} reaches into a package's src/`);
      }
    }
  }
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) { if (entry !== 'fixtures' && entry !== 'cases') yield* walk(full); }
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) yield full;
  }
}

// The package graph must stay a DAG.
const visiting = new Set(), done = new Set();
function visit(dir, path) {
  if (done.has(dir)) return;
  if (visiting.has(dir)) { problems.push(`dependency cycle: ${[...path, dir].join(' -> ')}`); return; }
  visiting.add(dir);
  for (const dep of loomDeps(pkgs[dir]?.json.dependencies)) if (pkgs[dep]) visit(dep, [...path, dir]);
  visiting.delete(dir); done.add(dir);
}
Object.keys(pkgs).forEach((d) => visit(d, []));

if (problems.length) {
  for (const p of problems) console.error(`boundaries: ${p}`);
  console.error(`boundaries: ${problems.length} problem(s); see docs/architecture.md "Layers"`);
  process.exit(1);
}
console.log(`boundaries: ${Object.keys(pkgs).length} packages follow the layer rules`);
