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
 * Polls `check` immediately, then after each pause, until it reports done, the deadline passes or
 * the signal aborts. The last pause is shortened so a final poll lands on the deadline.
 */
export async function pollUntil<T>(
  check: (poll: number) => Promise<PollStep<T>>,
  options: PollOptions,
): Promise<PollResult<T>> {
  const random = options.random ?? Math.random;
  const deadline = options.clock.now() + options.timeoutMs;
  let polls = 0;
  for (;;) {
    polls++;
    const step = await check(polls);
    if (step.done) return { state: 'done', value: step.value, polls };
    const remaining = deadline - options.clock.now();
    if (remaining <= 0) return { state: 'timeout', value: step.value, polls };
    if (options.signal?.aborted) return { state: 'aborted', value: step.value, polls };
    const spread = options.jitter ? (random() * 2 - 1) * options.jitter * options.intervalMs : 0;
    const wanted = Math.max(0, Math.min(options.intervalMs + spread, step.nextDelayMs ?? Infinity));
    try {
      await options.sleep(Math.min(wanted, remaining), options.signal);
    } catch (error) {
      if (error instanceof CancelledError) return { state: 'aborted', value: step.value, polls };
      throw error;
    }
  }
}
