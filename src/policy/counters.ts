/**
 * The counter store rate limits and token budgets count in, and the reservation protocol:
 * 1. `decide` returns the reservations a call needs (counter key, amount, limit);
 * 2. before the call runs, the caller reserves them all at once (`reserveAll`, all or nothing,
 *    atomic against every other process using the same workspace); a refusal means another call
 *    took the last units: `afterReservation` turns the decision into RATE_LIMITED / BLOCK;
 * 3. a model call reserves its estimated tokens and, when the response reports real usage,
 *    `settle`s the difference (the counter then holds the real usage, which may exceed the limit:
 *    the next call is refused); a call that did not run settles to 0, returning its units.
 * Counter keys name the policy, the window start and, for rate limits, the agent (see
 * Reservation), so windows and agents never mix.
 */
import type { CounterView, Reservation } from './types.js';

/** One increment to make: `amount` more under `key`, refused when it would pass `limit`. */
export interface CounterRequest {
  key: string;
  amount: number;
  limit: number;
}

/** Every method is async so a shared (PostgreSQL, HTTP) store fits the same shape. */
export interface PolicyCounterStore {
  /** Atomically adds `amount` when `used < limit && used + amount <= limit`; false (and no change) otherwise. */
  reserve(key: string, amount: number, limit: number): Promise<boolean>;
  /** Reserves every request or none, atomically; returns the keys refused (empty: all reserved). */
  reserveAll(requests: readonly CounterRequest[]): Promise<string[]>;
  /** Replaces a reservation of `reserved` by the real `actual` amount (0 releases it). */
  settle(key: string, reserved: number, actual: number): Promise<void>;
  /** The current count under `key` (0 when none). */
  read(key: string): Promise<number>;
  /** Current counts of several keys, for a decision preview. */
  readMany(keys: readonly string[]): Promise<Map<string, number>>;
}

/** A CounterView over counts already read (missing keys count 0). */
export function counterView(counts: ReadonlyMap<string, number> = new Map()): CounterView {
  return { used: (key) => counts.get(key) ?? 0 };
}

/** The view used when counts are not previewed: exactness comes from the reservation itself. */
export const EMPTY_COUNTERS: CounterView = counterView();

/** The store requests of a decision's reservations. */
export function counterRequests(reservations: readonly Reservation[]): CounterRequest[] {
  return reservations.map(({ key, amount, limit }) => ({ key, amount, limit }));
}
