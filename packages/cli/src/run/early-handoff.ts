/**
 * How `early-boot.ts` hands what it booted to the light front (start.ts): through one process-wide slot,
 * because the bundle ships early-boot as a file of its own (tools/bundle-cli.mjs) — its ~12 modules as one
 * file load in a fraction of the time — so the two sides share no module instance.
 */
import type { Preboots } from '@loom/provider-docker/preboot';
import type { RunIds } from './clock.js';

export interface EarlyBoot {
  ids: RunIds;
  workflowPath: string;
  preboots: Preboots;
}

const slot = Symbol.for('loom.early-boot');
type Slotted = typeof globalThis & { [slot]?: EarlyBoot };

export function handOver(boot: EarlyBoot): void {
  (globalThis as Slotted)[slot] = boot;
}

/** What early-boot.ts started, handed over once. */
export function takeEarlyBoot(): EarlyBoot | undefined {
  const taken = (globalThis as Slotted)[slot];
  delete (globalThis as Slotted)[slot];
  return taken;
}
