/**
 * `loom init`: a starter `.loom/workflow.yml` (one host job; a Docker job commented out) and `.loom/.gitignore`
 * holding `.runtime/` (run records, caches and receipts stay out of git). In the repository at or above the
 * current directory, else in the current directory. Never overwrites: an existing workflow stops it, and an
 * existing `.loom/.gitignore` only gains the `.runtime/` line when it lacks it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { LoomError } from '@loom/errors';
import { findRepoRoot } from '../repo-root.js';

const STARTER = `# Loom workflow (schema v1). \`loom check\` validates it; \`loom run --local\` runs it in an isolated
# workspace (a snapshot of your working tree); \`loom logs\`, \`loom runs\` and \`loom report\` read runs back.
version: v1
stages:
  - build
  - test

default:
  target: linux          # the only target

variables:
  GREETING: hello        # override per run: loom run --local --variable GREETING=hi

# A job without image: runs in the host shell, in the isolated workspace.
build:
  stage: build
  script:                # one command per entry; each is a step with its own exit code
    - echo "$GREETING from $LOOM_JOB_ID"
    - ls

# A job with image: runs in a Docker container (the image must exist locally, or use image.build).
# test:
#   stage: test
#   image: debian:bookworm-slim
#   needs: [build]
#   script:
#     - echo "testing in a container"
`;

const IGNORE_LINE = '.runtime/';

export async function initCommand(): Promise<number> {
  const root = findRepoRoot(process.cwd()) ?? process.cwd();
  const loomDir = join(root, '.loom');
  const workflow = join(loomDir, 'workflow.yml');
  const shown = (path: string) => relative(process.cwd(), path) || path;
  if (existsSync(workflow)) {
    throw new LoomError('CLI_INIT_EXISTS', `${shown(workflow)} already exists; loom init does not overwrite it`, {
      hint: '`loom check` validates it; move it away first to start over',
    });
  }
  await mkdir(loomDir, { recursive: true });
  await writeFile(workflow, STARTER, { flag: 'wx' });
  process.stderr.write(`wrote ${shown(workflow)}\n`);
  const ignore = join(loomDir, '.gitignore');
  const lines = existsSync(ignore) ? readFileSync(ignore, 'utf8').split('\n').map((l) => l.trim()) : undefined;
  if (lines === undefined) await writeFile(ignore, `${IGNORE_LINE}\n`, { flag: 'wx' });
  else if (!lines.includes(IGNORE_LINE) && !lines.includes('.runtime')) await appendFile(ignore, `${lines.at(-1) === '' ? '' : '\n'}${IGNORE_LINE}\n`);
  process.stderr.write(`${lines === undefined ? 'wrote' : 'checked'} ${shown(ignore)} (${IGNORE_LINE} stays out of git)\n`);
  if (findRepoRoot(process.cwd()) === undefined) process.stderr.write('note: this is not a git repository yet; loom run needs one: git init\n');
  process.stderr.write('next: loom check, then loom run --local\n');
  return 0;
}
