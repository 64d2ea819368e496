/** The writer's mutable core shared by the event handlers: state, files, sequence numbers and redaction. */
import type { EventKind } from '../documents/event-line.js';
import type { Masker } from '../masker.js';
import type { LineFile, LineFiles } from './line-files.js';
import { type Address, addressFragment, createIsoClock, formatLine } from './lines.js';
import type { RunState } from './state.js';

export interface WriterContext {
  readonly state: RunState;
  readonly files: LineFiles;
  readonly masker: Masker | undefined;
  readonly iso: (ms: number) => string;
  /** The seq of the next line. */
  nextSeq(): number;
  /** The seq of the last line (0 before any). */
  lastSeq(): number;
  /** Writes one line (the same line, same seq) to each of `targets`; records a phase boundary if asked. */
  write(
    targets: (LineFile | undefined)[],
    address: Address,
    ts: number,
    event: EventKind,
    fields?: Record<string, unknown>,
    boundary?: 'start' | 'finish',
  ): void;
  fragment(address: Address): string;
  mask(text: string): string;
  maskOptional(text: string | undefined): string | undefined;
  /** Redacts every string inside a JSON-like value (object keys are kept). */
  maskDeep<T>(value: T): T;
}

export function createContext(state: RunState, files: LineFiles, masker: Masker | undefined): WriterContext {
  let seq = 0;
  const active = (): boolean => masker !== undefined && masker.size > 0;
  const mask = (text: string): string => (active() ? (masker as Masker).maskText(text) : text);

  function maskDeep(value: unknown): unknown {
    if (typeof value === 'string') return mask(value);
    if (Array.isArray(value)) return value.map(maskDeep);
    if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
    }
    return value;
  }

  const ctx: WriterContext = {
    state,
    files,
    masker,
    iso: createIsoClock(),
    nextSeq: () => ++seq,
    lastSeq: () => seq,
    fragment: (address) => addressFragment(state.runId, state.pipelineId, address),
    write(targets, address, ts, event, fields, boundary) {
      const lineSeq = ctx.nextSeq();
      const line = formatLine(ctx.iso(ts), lineSeq, ctx.fragment(address), event, fields);
      for (const file of targets) {
        if (file === undefined) continue;
        file.append(line);
        // Everything but output is rare and is the evidence of where a run was: get it on disk now.
        file.flush();
      }
      if (boundary !== undefined) state.boundaries.push({ seq: lineSeq, edge: boundary, ...address });
    },
    mask,
    maskOptional: (text) => (text === undefined ? undefined : mask(text)),
    maskDeep: <T>(value: T) => (active() ? (maskDeep(value) as T) : value),
  };
  return ctx;
}
