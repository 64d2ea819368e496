/** What restore and save say about each entry: the `entries[]` of the cache sections' `summary.json` data. */
export type RestoreStatus = 'hit' | 'fallback_hit' | 'miss' | 'skipped';
export type SaveStatus = 'saved' | 'unchanged' | 'skipped' | 'failed';

export interface EntryReport<S extends string = RestoreStatus | SaveStatus> {
  name: string;
  key: string;
  /** The key whose archive was restored (the primary or a fallback); null otherwise. */
  matched_key: string | null;
  status: S;
  /** Archive bytes restored or written (an unchanged save: the stored archive's size); null when none. */
  bytes: number | null;
  duration_ms: number;
  /** Why it was skipped, missed on an error, or failed. */
  reason?: string;
  /** Declared paths that did not exist (save) or were not in the archive (restore). */
  missing_paths?: string[];
}

export interface EntryWarning {
  code: string;
  message: string;
}

export interface EntryOutcome<S extends string> {
  report: EntryReport<S>;
  warnings: EntryWarning[];
}
