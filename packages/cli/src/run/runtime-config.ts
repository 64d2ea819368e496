/**
 * The effective runtime config goes into the run record: a run-level `note` right after `run_started`, with
 * every value and the layer it came from (`loom config show`'s facts), so a record says which mount mode a
 * run used and why. Only names and paths: the config never holds secret values.
 */
import type { EffectiveConfig } from '@loom/config';
import type { EventSink } from '@loom/runtime-logs/writer';

function configNoteData(runtime: EffectiveConfig): Record<string, unknown> {
  return {
    values: runtime.values.map((v) => ({ key: v.key, value: v.value, layer: v.origin.layer, source: v.origin.source, ...(v.origin.line ? { line: v.origin.line } : {}) })),
    sources: runtime.sources,
  };
}

/** `runtime config: workspace mount bind_mount (repo /r/.loom/config.yml:3), concurrency 2 (default)` — what `--verbose` prints. */
function configNoteMessage(runtime: EffectiveConfig): string {
  const shown = (key: string, label: string): string => {
    const v = runtime.values.find((value) => value.key === key);
    if (v === undefined) return '';
    const { layer, source, line } = v.origin;
    const from = layer === 'default' ? 'default' : `${layer} ${source}${line ? `:${line}` : ''}`;
    return `${label} ${v.value} (${from})`;
  };
  return `runtime config: ${[shown('runtime.docker.workspaceMount', 'workspace mount'), shown('runtime.concurrency', 'concurrency')].filter(Boolean).join(', ')}`;
}

export function withConfigNote(sink: EventSink, runtime: EffectiveConfig): EventSink {
  return {
    emit(event) {
      sink.emit(event);
      if (event.type === 'run_started') sink.emit({ type: 'note', ts: event.ts, message: configNoteMessage(runtime), data: configNoteData(runtime) });
    },
    close: () => sink.close(),
  };
}
