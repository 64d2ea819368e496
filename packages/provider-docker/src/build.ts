import { promises as fs } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ImageSpec, OutputLine, ProviderReport } from '@loom/contracts';
import { LoomError } from '@loom/errors';
import type { Connection } from './client.js';
import { hasExclusions, isIgnored, parseDockerignore } from './dockerignore.js';
import { addEntry, leaves, packPath, streamPack } from './archive.js';
import { DockerErrorCode } from './errors.js';
import { lineWriter } from './lines.js';

type BuildSpec = Required<ImageSpec>;

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

/**
 * Builds `image.name` from the workspace with the Engine API's legacy builder (no `version: '2'`: BuildKit
 * needs a session this daemon's clients cannot offer), `rm` + `forcerm` so a failed step leaves no
 * intermediate container. Output goes to the `image_build` section, which this function opens and closes.
 */
export async function buildImage(conn: Connection, image: BuildSpec, workspace: string, report: ProviderReport, signal?: AbortSignal): Promise<void> {
  report({ type: 'section_started', section: 'image_build' });
  const started = Date.now();
  try {
    const { contextDir, dockerfile, extraDockerfile } = await resolveBuildPaths(workspace, image.build);
    report({ type: 'note', section: 'image_build', message: `building ${image.name} from ${image.build.dockerfile} (context ${image.build.context})` });
    const context = await contextTar(contextDir, dockerfile, extraDockerfile);
    const events = await runBuild(conn, context, { t: image.name, dockerfile, rm: true, forcerm: true, ...(signal ? { abortSignal: signal } : {}) }, report);
    const failed = events.find((e) => e.error);
    if (failed) throw buildFailure(image, events, failed);
    report({ type: 'section_finished', section: 'image_build', status: 'success', data: { image: image.name, seconds: (Date.now() - started) / 1000 } });
  } catch (error) {
    report({ type: 'section_finished', section: 'image_build', status: 'failed' });
    throw conn.fail(`cannot build ${image.name}`, error); // LoomErrors pass through unchanged
  }
}

async function resolveBuildPaths(workspace: string, build: BuildSpec['build']): Promise<{ contextDir: string; dockerfile: string; extraDockerfile?: string }> {
  const contextDir = resolve(workspace, build.context);
  const dockerfileAbs = resolve(workspace, build.dockerfile);
  // `loom check` already refuses such paths; a request built by other code gets the same answer here.
  if (leaves(workspace, contextDir) || leaves(workspace, dockerfileAbs)) {
    throw badBuild(`image.build leads outside the workspace (context ${build.context}, dockerfile ${build.dockerfile})`);
  }
  // …and also after following symlinks: a committed link to an outside directory would send that directory.
  const real = async (p: string): Promise<string | undefined> => fs.realpath(p).catch(() => undefined);
  const [realWorkspace, realContext, realDockerfile] = await Promise.all([real(workspace), real(contextDir), real(dockerfileAbs)]);
  if (realWorkspace && [realContext, realDockerfile].some((p) => p !== undefined && leaves(realWorkspace, p))) {
    throw badBuild(`image.build leads outside the workspace through a symlink (context ${build.context} → ${realContext}, dockerfile ${build.dockerfile} → ${realDockerfile})`);
  }
  const missing = async (p: string): Promise<boolean> => fs.stat(p).then(() => false, () => true);
  if (await missing(contextDir)) throw badBuild(`build context ${build.context} does not exist in the workspace`);
  if (await missing(dockerfileAbs)) throw badBuild(`Dockerfile ${build.dockerfile} does not exist in the workspace`);
  const rel = relative(contextDir, dockerfileAbs).split(sep).join('/');
  if (!rel.startsWith('../')) return { contextDir, dockerfile: rel };
  // Outside the context: ship it under a private name, as the docker CLI does.
  const name = `.loom-dockerfile-${randomBytes(4).toString('hex')}`;
  return { contextDir, dockerfile: name, extraDockerfile: dockerfileAbs };
}

function badBuild(message: string): LoomError {
  return new LoomError(DockerErrorCode.buildFailed, message, {
    hint: '`image.build.context` and `image.build.dockerfile` are relative to the repository root; check that the files are committed or not excluded from the snapshot.',
  });
}

/** The build context as a tar stream, honouring `.dockerignore`; the Dockerfile and `.dockerignore`
 * themselves are always sent (as the docker CLI does). Owners are root, as the docker CLI sends them. */
async function contextTar(contextDir: string, dockerfile: string, extraDockerfile: string | undefined): Promise<NodeJS.ReadableStream> {
  const ignoreText = await fs.readFile(join(contextDir, '.dockerignore'), 'utf8').catch(() => '');
  const rules = parseDockerignore(ignoreText);
  const keep = new Set(['.dockerignore', dockerfile]);
  // A Dockerfile from outside the context is listed in the shipped .dockerignore, so the daemon drops it
  // from what COPY sees (the docker CLI's trick too).
  const skip = (rel: string): boolean => (extraDockerfile !== undefined && rel === '.dockerignore') || (!keep.has(rel) && isIgnored(rules, rel));
  return streamPack(async (pack) => {
    const reincludes = hasExclusions(rules);
    const enterSkipped = (rel: string): boolean => reincludes || dockerfile.startsWith(`${rel}/`);
    await packPath(pack, contextDir, '', { prefix: '', skip, enterSkipped, owner: { uid: 0, gid: 0 } });
    if (extraDockerfile) {
      const header = { mode: 0o644, uid: 0, gid: 0 };
      await addEntry(pack, { ...header, name: dockerfile }, await fs.readFile(extraDockerfile));
      await addEntry(pack, { ...header, name: '.dockerignore' }, Buffer.from(`${ignoreText}\n${dockerfile}\n`));
    }
  });
}

async function runBuild(conn: Connection, context: NodeJS.ReadableStream, options: Record<string, unknown>, report: ProviderReport): Promise<BuildEvent[]> {
  const stream = await conn.docker.buildImage(context, options);
  // The builder splits lines across events ("Step 1/2 : FROM x", then "\n"): cut lines across them.
  const toReport = (line: OutputLine): void => report({ type: 'output', section: 'image_build', line });
  const out = lineWriter('stdout', toReport);
  const err = lineWriter('stderr', toReport);
  try {
    return await new Promise((done, fail) => {
      conn.docker.modem.followProgress(stream, (error: Error | null, events: BuildEvent[]) => (error ? fail(error) : done(events)), (event: BuildEvent) => {
        if (event.stream) out.write(event.stream);
        else if (event.status) out.write(`${event.status}\n`);
        else if (event.error) err.write(`${event.errorDetail?.message ?? event.error}\n`);
      });
    });
  } finally {
    await Promise.all([out, err].map((w) => new Promise((r) => w.end(r))));
  }
}

/** Names the step that failed (the legacy builder prints `Step N/M : <instruction>` before each). */
function buildFailure(image: BuildSpec, events: BuildEvent[], failed: BuildEvent): LoomError {
  const steps = events.flatMap((e) => (e.stream ?? '').split('\n')).filter((l) => /^Step \d+\/\d+ : /.test(l));
  const step = steps[steps.length - 1];
  const reason = (failed.errorDetail?.message ?? failed.error ?? 'unknown error').trim();
  return new LoomError(DockerErrorCode.buildFailed, `building ${image.name} failed${step ? ` at ${step.trim()}` : ''}: ${reason}`, {
    hint: `Fix ${image.build.dockerfile}; the full build output is in the job's system/image_build section.`,
    location: { file: image.build.dockerfile },
  });
}
