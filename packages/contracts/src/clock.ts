/** Time, injected so tests can fix it. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Epoch nanoseconds (run and pipeline ids use them). */
  nowNs(): bigint;
}
