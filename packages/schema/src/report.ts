/**
 * Collects issues and warnings while validating, as places (file + path) rather than positions: positions
 * are computed once at the end, for what is actually reported, then sorted into document order and
 * de-duplicated (one root cause reached through many jobs, e.g. a bad `default` entry, is reported once).
 */
import type { WorkflowIssue, WorkflowWarning } from './model.js';
import { linePos, locate, pointerOf, type Segment, type SourceDoc } from './source.js';

/**
 * A node's place: its document and path. Linked to its parent, with the path built only when asked, since
 * validating a 1,000-job file creates tens of thousands of places and reports on almost none.
 */
export class Place {
  private built: Segment[] | undefined;

  constructor(
    readonly doc: SourceDoc,
    private readonly parent: Place | undefined,
    private readonly segment: Segment | undefined,
    /** Number of segments in the path. */
    readonly depth: number,
  ) {}

  get path(): readonly Segment[] {
    if (!this.built) this.built = this.parent ? [...this.parent.path, this.segment as Segment] : [];
    return this.built;
  }
}

export function rootPlace(doc: SourceDoc): Place {
  return new Place(doc, undefined, undefined, 0);
}

export function child(place: Place, segment: Segment, next?: Segment): Place {
  const one = new Place(place.doc, place, segment, place.depth + 1);
  return next === undefined ? one : child(one, next);
}

export interface DraftOptions {
  /** Point at the key rather than the value (unknown keys, missing keys). */
  at?: 'key' | 'value';
  hint?: string;
  /** An exact offset (YAML-level problems), overriding the path's position. */
  offset?: number;
}

interface Draft extends DraftOptions {
  place: Place;
  message: string;
}

export class Report {
  private readonly issues: Draft[] = [];
  private readonly warnings: Draft[] = [];

  /** `ParseOptions.escapes`, carried here because every check has the report at hand. */
  constructor(readonly escapes?: (path: string) => string | undefined) {}

  error(place: Place, message: string, options: DraftOptions = {}): void {
    this.issues.push({ place, message, ...options });
  }

  warn(place: Place, message: string, options: DraftOptions = {}): void {
    this.warnings.push({ place, message, ...options });
  }

  /** Number of issues so far: a check compares it before and after to know whether its value was valid. */
  get count(): number {
    return this.issues.length;
  }

  finishIssues(): WorkflowIssue[] {
    return finish(this.issues).map(({ draft, pos, pointer }) => ({
      code: 'WF_SCHEMA_V1',
      pointer,
      message: draft.message,
      // Messages are phrased as what to do, so the hint (`WF_SCHEMA_V1 <pointer>: <hint>`) is the message.
      hint: draft.hint ?? draft.message,
      file: draft.place.doc.file,
      line: pos.line,
      column: pos.column,
    }));
  }

  finishWarnings(): WorkflowWarning[] {
    return finish(this.warnings).map(({ draft, pos, pointer }) => ({
      pointer,
      message: draft.message,
      file: draft.place.doc.file,
      line: pos.line,
      column: pos.column,
    }));
  }
}

function finish(drafts: readonly Draft[]): { draft: Draft; pos: { line: number; column: number }; pointer: string }[] {
  const seen = new Set<string>();
  const placed = [];
  for (const draft of drafts) {
    const pointer = pointerOf(draft.place.path);
    // A YAML-level problem has its own offset: the same text at two places is two mistakes (two tabs).
    const id = `${draft.place.doc.file}\0${pointer}\0${draft.message}\0${draft.offset ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const offset = draft.offset ?? locate(draft.place.doc, draft.place.path, draft.at);
    placed.push({ draft, pointer, offset, pos: linePos(draft.place.doc, offset), order: sortKey(draft.place.doc, offset) });
  }
  // Array.prototype.sort is stable: issues at the same place keep the order they were found in.
  return placed.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
}

/** An included file's issues sort where its `include` entry stands in the main file, after that entry's own. */
function sortKey(doc: SourceDoc, offset: number): [number, number] {
  return doc.includedAt === undefined ? [offset, 0] : [doc.includedAt, offset + 1];
}
