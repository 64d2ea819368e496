/**
 * The content digest of tar streams: sha256 over each entry's type, name, mode, link target and bytes,
 * sorted by name; the tar format, owners and timestamps do not count. Our deterministic GNU tar of a
 * directory and the Docker daemon's tar of the same files (`getArchive`) give the same digest, so a save
 * can tell "unchanged" from the daemon's stream of a volume without writing the files anywhere.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import tarStream from 'tar-stream';

const TYPES: Record<string, string> = { file: 'f', 'contiguous-file': 'f', directory: 'd', symlink: 's', link: 'h' };

/** `./a/b/` → `a/b`, then under `prefix` (the directory the stream's names are relative to, '' for the root). */
function normalName(name: string, prefix: string): string {
  const bare = name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return prefix === '' || prefix === '.' ? bare : posix.join(prefix, bare);
}

/** Collects entries from one or more tar streams; `digest()` combines them. */
export class ContentDigest {
  private readonly lines: string[] = [];

  /** Reads a whole tar stream; names are taken relative to `prefix`. */
  async add(source: NodeJS.ReadableStream, prefix = ''): Promise<void> {
    const extract = tarStream.extract();
    const fed = new Promise<void>((done, fail) => {
      source.on('error', fail);
      extract.on('error', fail);
      extract.on('finish', done);
    });
    fed.catch(() => undefined);
    source.pipe(extract as unknown as NodeJS.WritableStream);
    try {
      for await (const entry of extract) {
        const { header } = entry;
        const hash = createHash('sha256');
        for await (const chunk of entry as AsyncIterable<Buffer>) hash.update(chunk);
        const type = TYPES[header.type ?? 'file'] ?? String(header.type);
        const link = type === 'h' ? normalName(header.linkname ?? '', prefix) : (header.linkname ?? '');
        const name = normalName(header.name, prefix);
        this.lines.push(JSON.stringify([name, type, (header.mode ?? 0) & 0o7777, link, header.size ?? 0, hash.digest('hex')]));
      }
      await fed;
    } catch (error) {
      extract.destroy();
      (source as unknown as { destroy?: () => void }).destroy?.();
      throw error;
    }
  }

  digest(): string {
    const hash = createHash('sha256');
    for (const line of [...this.lines].sort()) hash.update(`${line}\n`);
    return hash.digest('hex');
  }
}
