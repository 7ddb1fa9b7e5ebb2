/**
 * The longest delay one Node timer can hold (2^31 - 1 ms, about 24.8 days). Node turns a longer
 * delay into 1 ms with only a warning, so a 25-day timeout would fire at once: every timer of
 * hands-off goes through setLongTimeout or timeoutSignal below, which split longer delays.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** A pending long timeout; `clear` cancels it. */
export interface LongTimeout {
  clear(): void;
}

/**
 * Calls `callback` after `ms`, for any `ms` (Infinity never fires): delays beyond MAX_TIMER_MS
 * are chained timers of at most MAX_TIMER_MS each. `unref` lets the process exit meanwhile.
 */
export function setLongTimeout(
  callback: () => void,
  ms: number,
  options: { unref?: boolean } = {},
): LongTimeout {
  // NaN and negative delays mean "now", as they do for setTimeout.
  let left = ms > 0 ? ms : 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cleared = false;
  const arm = (): void => {
    const chunk = Math.min(left, MAX_TIMER_MS);
    left -= chunk;
    timer = setTimeout(() => {
      if (cleared) return;
      if (left > 0) arm();
      else callback();
    }, chunk);
    if (options.unref) timer.unref?.();
  };
  arm();
  return {
    clear: () => {
      cleared = true;
      clearTimeout(timer);
    },
  };
}

/**
 * AbortSignal.timeout for any delay: aborts with a `TimeoutError` DOMException after `ms`. Node's
 * own AbortSignal.timeout fires after 1 ms when given more than MAX_TIMER_MS. Never keeps the
 * process alive, like AbortSignal.timeout.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const delay = ms > 0 ? ms : 0;
  if (delay <= MAX_TIMER_MS) return AbortSignal.timeout(Math.floor(delay));
  const controller = new AbortController();
  setLongTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    delay,
    { unref: true },
  );
  return controller.signal;
}
