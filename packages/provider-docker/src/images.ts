import type { ProviderReport, SectionName } from '@loom/contracts';
import type { Connection } from './client.js';
import { isConnectError, pullError, statusOf } from './errors.js';

/** What a job needs to know about its image. */
export interface ImageInfo {
  id: string;
  /** The image's PATH (its Config.Env), or Docker's default when the image sets none. */
  path: string;
  arch: string | undefined;
  /** Declared VOLUMEs: mounted as labelled volumes so nothing anonymous is left behind. */
  volumes: string[];
}

/** The PATH Docker gives a container whose image sets none (e.g. a `docker import`ed rootfs). */
const dockerDefaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type ImageCache = Map<string, Promise<ImageInfo>>;

interface InspectShape {
  Id: string;
  Architecture?: string;
  Config?: { Env?: string[] | null; Volumes?: Record<string, unknown> | null } | null;
}

function imageInfo(inspect: InspectShape): ImageInfo {
  const pathEntry = inspect.Config?.Env?.find((e) => e.startsWith('PATH='));
  return {
    id: inspect.Id,
    path: pathEntry ? pathEntry.slice(5) : dockerDefaultPath,
    arch: inspect.Architecture,
    volumes: Object.keys(inspect.Config?.Volumes ?? {}),
  };
}

/**
 * The local image, else pulled (pull policy "if-not-present"). Results are shared per provider, so the
 * jobs of a pipeline that use one image inspect it once; a failure is not cached.
 */
export function ensureImage(conn: Connection, cache: ImageCache, name: string, report: ProviderReport, section: SectionName, signal?: AbortSignal): Promise<ImageInfo> {
  let pending = cache.get(name);
  if (!pending) {
    pending = inspectOrPull(conn, name, report, section, signal);
    cache.set(name, pending);
    pending.catch(() => cache.delete(name));
  }
  return pending;
}

async function inspectOrPull(conn: Connection, name: string, report: ProviderReport, section: SectionName, signal?: AbortSignal): Promise<ImageInfo> {
  try {
    return imageInfo(await conn.docker.getImage(name).inspect());
  } catch (error) {
    if (statusOf(error) !== 404) throw conn.fail(`cannot inspect image ${name}`, error);
  }
  await pullImage(conn, name, report, section, signal);
  try {
    return imageInfo(await conn.docker.getImage(name).inspect());
  } catch (error) {
    throw conn.fail(`image ${name} was pulled but cannot be inspected`, error);
  }
}

export interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Turns pull progress events into notes: one per status change of a layer ("Pulling fs layer",
 * "Download complete", "Pull complete"…), not one per byte count of "Downloading"/"Extracting". */
export function pullNotes(image: string): (event: PullEvent) => string | undefined {
  const lastStatus = new Map<string, string>();
  return (event) => {
    if (!event.status || event.error) return undefined;
    const key = event.id ?? '';
    if (lastStatus.get(key) === event.status) return undefined;
    lastStatus.set(key, event.status);
    return `pull ${image}: ${event.id ? `${event.id}: ` : ''}${event.status}`;
  };
}

/** Pulls with progress notes: every status change of a layer, not each byte count of "Downloading". */
async function pullImage(conn: Connection, name: string, report: ProviderReport, section: SectionName, signal?: AbortSignal): Promise<void> {
  report({ type: 'note', section, message: `image ${name} is not present locally; pulling it` });
  const started = Date.now();
  const noteFor = pullNotes(name);
  const onEvent = (event: PullEvent): void => {
    const message = noteFor(event);
    if (message) report({ type: 'note', section, message });
  };
  try {
    const stream = await conn.docker.pull(name, signal ? { abortSignal: signal } : {});
    const events = await new Promise<PullEvent[]>((done, fail) => {
      conn.docker.modem.followProgress(stream, (error: Error | null, output: PullEvent[]) => (error ? fail(error) : done(output)), onEvent);
    });
    const failed = events.find((e) => e.error);
    if (failed) throw new Error(failed.errorDetail?.message ?? failed.error);
  } catch (error) {
    throw isConnectError(error) ? conn.fail(`cannot pull ${name}`, error) : pullError(name, error);
  }
  report({ type: 'note', section, message: `pulled ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s` });
}
