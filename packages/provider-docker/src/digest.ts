/**
 * The digest of workspace paths computed inside the job container (`digestPaths`, issue 10): the cache's
 * unchanged check on a volume otherwise streams every path out through the daemon's `getArchive` (~0.13 s
 * for 1,000 files), where `find`/`stat`/`sha256sum` in the container take a few milliseconds. It covers
 * what the cache's content digest covers — names, types, modes, hard-link counts, link targets, file sizes
 * and bytes — and not owners or times. Its text depends on the image's tools (GNU or BusyBox `stat`
 * quote differently), so it is only ever compared with a digest made in the same way; a difference costs the
 * full check, never a wrong `unchanged`.
 */
import type { PathsDigest } from '@loom/contracts';
import type { StepSession } from './session.js';
import { containerWorkdir } from './workspace.js';
import { shellQuote } from './job-container.js';

/**
 * Prints `missing <path>` per absent path, then `digest <sha256>`. Anything on stderr (an unreadable file, a
 * tool that failed) makes the whole digest unusable: POSIX sh has no pipefail, so the caller checks.
 */
function probeScript(paths: readonly string[]): string {
  const lines = [
    `cd ${shellQuote(containerWorkdir)} || exit 90`,
    'for t in find sort xargs stat sha256sum; do command -v "$t" >/dev/null 2>&1 || exit 90; done',
    'n=$#',
    'for p do if [ -e "$p" ] || [ -L "$p" ]; then set -- "$@" "$p"; else echo "missing $p"; fi; done',
    'shift "$n"',
    '[ "$#" -gt 0 ] || { echo "digest none"; exit 0; }',
    `nl='\n'`,
    '[ -z "$(find "$@" -name "*$nl*" | head -c 1)" ] || exit 91',
    '{',
    '  for p do echo "path $p"; done',
    '  find "$@" -type d -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c "dir %a %n"',
    '  find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c "file %a %h %s %n"',
    '  find "$@" -type l -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c "link %N"',
    '  find "$@" ! -type d ! -type f ! -type l -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c "other %F %a %n"',
    '  find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum',
    '} | sha256sum | { read -r d _; echo "digest $d"; }',
  ];
  return `set -- ${paths.map(shellQuote).join(' ')}\n${lines.join('\n')}`;
}

/** Runs the probe through the job's step server; undefined when this container cannot tell. */
export async function digestPaths(session: StepSession, paths: readonly string[], signal: AbortSignal): Promise<PathsDigest | undefined> {
  const out: string[] = [];
  let stderr = false;
  const result = await session.run({ index: 0, command: probeScript(paths), debugTrace: false }, (line) => {
    if (line.stream === 'stderr') stderr = true;
    else out.push(line.bytes.toString());
  }, signal, 1000);
  // Exit 90: tools missing; 91: a name with a newline (the listing could not tell it apart).
  if (result.exitCode !== 0 || stderr) return undefined;
  const digest = /^digest ([0-9a-f]{64}|none)$/.exec(out.at(-1) ?? '')?.[1];
  if (digest === undefined) return undefined;
  const missing = out.slice(0, -1).filter((line) => line.startsWith('missing ')).map((line) => line.slice('missing '.length));
  return { digest, missing };
}
