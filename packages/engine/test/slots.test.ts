import { describe, expect, it } from 'vitest';
import { createStepSlots } from '../src/slots.js';

describe('step slots', () => {
  it('hands out at most `size` slots and passes a released one to the longest waiter', async () => {
    const slots = createStepSlots(1);
    const signal = new AbortController().signal;
    const order: string[] = [];
    const first = await slots.acquire(signal);
    const second = slots.acquire(signal).then((release) => (order.push('second'), release));
    const third = slots.acquire(signal).then((release) => (order.push('third'), release));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]);
    first();
    first(); // a second release of the same slot is ignored
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
  });

  it('stops waiting when the run is cancelled, without taking a slot', async () => {
    const slots = createStepSlots(1);
    const held = await slots.acquire(new AbortController().signal);
    const cancel = new AbortController();
    const waiting = slots.acquire(cancel.signal);
    cancel.abort();
    (await waiting)();
    held();
    const again = await slots.acquire(new AbortController().signal);
    const next = slots.acquire(new AbortController().signal);
    let got = false;
    void next.then(() => (got = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toBe(false); // the cancelled waiter's no-op release did not free a second slot
    again();
    await next;
  });
});
