/**
 * ProviderReport → runtime-logs events. A provider opens and closes `services` and `image_build` itself; the
 * bridge remembers which are open so that, when `prepare` throws half-way, the engine can close them as
 * failed and the record shows where the provider stopped.
 */
import type { ProviderReport, ProviderReportEvent, SectionName, SectionStatus } from '@loom/contracts';
import type { Emit } from './emit.js';

export interface ReportBridge {
  report: ProviderReport;
  /** Closes every section the provider opened and did not close, newest first. */
  closeOpenSections(status: SectionStatus): void;
}

function translate(emit: Emit, jobId: string, event: ProviderReportEvent): void {
  switch (event.type) {
    case 'section_started':
      return emit({ type: 'section_started', jobId, section: event.section });
    case 'section_finished':
      return emit({
        type: 'section_finished',
        jobId,
        section: event.section,
        status: event.status,
        ...(event.data ? { data: event.data } : {}),
      });
    case 'output':
      return emit({
        type: 'output',
        ts: event.line.timestamp,
        jobId,
        section: event.section,
        stream: event.line.stream,
        bytes: event.line.bytes,
      });
    case 'note':
      return emit({ type: 'note', jobId, section: event.section, message: event.message, ...(event.data ? { data: event.data } : {}) });
    case 'warning':
      return emit({ type: 'warning', jobId, section: event.section, message: event.message, ...(event.code ? { code: event.code } : {}) });
  }
}

export function bridgeReport(emit: Emit, jobId: string): ReportBridge {
  const open: SectionName[] = [];
  const report: ProviderReport = (event) => {
    if (event.type === 'section_started') open.push(event.section);
    if (event.type === 'section_finished') {
      const at = open.lastIndexOf(event.section);
      if (at >= 0) open.splice(at, 1);
    }
    translate(emit, jobId, event);
  };
  return {
    report,
    closeOpenSections(status) {
      for (const section of open.splice(0).reverse()) emit({ type: 'section_finished', jobId, section, status });
    },
  };
}
