import type { OutputLine } from './provider.js';

/** Section directories under `jobs/<job_id>/system/` (runtime-logs contract). */
export type SectionName =
  | 'provider'
  | 'services'
  | 'image_build'
  | 'cache_restore'
  | 'cache_save'
  | 'artifact_extract'
  | 'cleanup';

export type SectionStatus = 'success' | 'failed' | 'skipped';

/**
 * What a provider (or another job-phase adapter) tells the engine while it works; the engine turns each into
 * a runtime-logs event. The engine opens and closes `provider` and `cleanup` itself; a provider opens and
 * closes `services` and `image_build` when it does that work.
 */
export type ProviderReportEvent =
  | { type: 'section_started'; section: SectionName }
  | { type: 'section_finished'; section: SectionName; status: SectionStatus; data?: Record<string, unknown> }
  | { type: 'output'; section: SectionName; line: OutputLine }
  | { type: 'note'; section: SectionName; message: string; data?: Record<string, unknown> }
  | { type: 'warning'; section: SectionName; message: string; code?: string };

export type ProviderReport = (event: ProviderReportEvent) => void;
