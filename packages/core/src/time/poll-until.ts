import type { Clock, Sleep } from './clock.js';
import { CancelledError } from '../errors.js';

/** How a polling loop ended. */
export type PollState = 'done' | 'timeout' | 'aborted';

/** What one poll decided: stop with a value, or continue after (at most) `nextDelayMs`. */
export type PollStep<T> = { done: true; value: T } | { done: false; value: T; nextDelayMs?: number };

/** Options of the one polling loop used by every wait (guard `wait`, bake, deploy). */
export interface PollOptions {
  clock: Clock;
  sleep: Sleep;
  /** Regular pause between polls. */
  intervalMs: number;
  /** Overall budget, computed into a deadline once at the start. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Spreads polls by up to this fraction of the interval (0 = none). */
  jitter?: number;
  random?: () => number;
}

/** The result: the final state, the last observed value and how many polls ran. */
export interface PollResult<T> {
  state: PollState;
  value: T;
  polls: number;
}

/**
 * Polls `check` immediately, then after each pause, until it reports done, the budget is spent or
 * the signal aborts. The last pause is shortened so a final poll lands on the deadline. The budget
 * is measured so that it always ends, even when the clock jumps backwards.
 */
export async function pollUntil<T>(
  check: (poll: number) => Promise<PollStep<T>>,
  options: PollOptions,
): Promise<PollResult<T>> {
  const random = options.random ?? Math.random;
  const start = options.clock.now();
  // Elapsed time never goes back, and counts at least the time slept: a clock that jumps
  // backwards cannot keep the loop alive past its budget.
  let slept = 0;
  const elapsed = (): number => Math.max(options.clock.now() - start, slept);
  let polls = 0;
  for (;;) {
    polls++;
    const step = await check(polls);
    if (step.done) return { state: 'done', value: step.value, polls };
    const remaining = options.timeoutMs - elapsed();
    if (remaining <= 0) return { state: 'timeout', value: step.value, polls };
    if (options.signal?.aborted) return { state: 'aborted', value: step.value, polls };
    const spread = options.jitter ? (random() * 2 - 1) * options.jitter * options.intervalMs : 0;
    const wanted = Math.max(0, Math.min(options.intervalMs + spread, step.nextDelayMs ?? Infinity));
    // A zero pause would spin; a poll always waits at least a millisecond.
    const pause = Math.max(1, Math.min(wanted, remaining));
    try {
      await options.sleep(pause, options.signal);
      slept += pause;
    } catch (error) {
      if (error instanceof CancelledError) return { state: 'aborted', value: step.value, polls };
      throw error;
    }
  }
}
