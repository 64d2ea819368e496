/** What a cancelled run says and which exit code it ends with, read from the abort reason. */
import type { CancelReason } from './types.js';

function isCancelReason(value: unknown): value is CancelReason {
  return typeof value === 'object' && value !== null && typeof (value as CancelReason).message === 'string' && Number.isInteger((value as CancelReason).exitCode);
}

/** The reason the caller aborted with; a bare abort reads as `cancelled` with exit code 1. */
export function cancelReasonOf(signal: AbortSignal): CancelReason {
  const reason: unknown = signal.reason;
  if (isCancelReason(reason)) return reason;
  if (typeof reason === 'string' && reason !== '') return { message: reason, exitCode: 1 };
  return { message: 'cancelled', exitCode: 1 };
}

/** The skip reason of every job the cancellation kept from starting. */
export function cancelledSkipReason(signal: AbortSignal): string {
  return `not run: the run was cancelled (${cancelReasonOf(signal).message})`;
}

/** A signal that never aborts, for callers that pass none. */
export function neverAborted(): AbortSignal {
  return new AbortController().signal;
}
