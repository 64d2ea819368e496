/** Stamps events with the injected clock, so the engine's code never builds timestamps itself. */
import type { Clock } from '@loom/contracts';
import type { EventSink, LoomEvent } from '@loom/runtime-logs';

type WithoutTs<E> = E extends LoomEvent ? Omit<E, 'ts'> & { ts?: number } : never;
/** A LoomEvent whose `ts` defaults to `clock.now()`. */
type EventInput = WithoutTs<LoomEvent>;
export type Emit = (event: EventInput) => void;

export function createEmit(sink: EventSink, clock: Clock): Emit {
  return (event) => sink.emit({ ...event, ts: event.ts ?? clock.now() } as LoomEvent);
}
