import type { Clock } from '@hands-off/core';
import { LRUCache } from 'lru-cache';

/**
 * A bounded set of keys that each expire `ttlMs` after they were added: the webhook deliveries
 * already seen. Bounded twice, by count (the least recently added goes first) and by age, so a flood
 * of signed deliveries cannot grow the process, and a key never outlives GitHub's redelivery window.
 * lru-cache keeps the bounds; the gate's clock is its time source, so tests can move it.
 */
export class ExpiringKeySet {
  private readonly keys: LRUCache<string, true>;

  constructor(options: { maxKeys: number; ttlMs: number; clock: Clock }) {
    if (!(options.maxKeys > 0) || !(options.ttlMs > 0))
      throw new RangeError('maxKeys and ttlMs must be positive');
    // Time as lru-cache sees it starts at 1 (it takes a 0 start to mean "no TTL").
    const origin = options.clock.now();
    this.keys = new LRUCache<string, true>({
      max: options.maxKeys,
      ttl: options.ttlMs,
      // Read the clock at every look (lru-cache otherwise reuses a reading for 1 ms).
      ttlResolution: 0,
      perf: { now: () => options.clock.now() - origin + 1 },
    });
  }

  /** Adds `key` and returns true when it was not held (or had expired); false for a key seen within the TTL. */
  addIfAbsent(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.set(key, true);
    return true;
  }

  /** How many keys are held (expired ones may linger until they are next looked at). */
  get size(): number {
    return this.keys.size;
  }
}
