import type { LogEntry, LogLevel } from '../transport/types';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'log', 'warn', 'error'];

/**
 * A bounded log: O(1) append (amortised), oldest dropped first, per-level
 * counts kept as entries come and go. `version` changes on every mutation so
 * a view can memoise on it. Entries must have one of the five levels (the
 * console normalises them first).
 */
export class LogRingBuffer<T extends Pick<LogEntry, 'level'> = LogEntry> {
  /** Every entry since the last compaction; the live ones start at `start`. */
  private items: T[] = [];
  private start = 0;
  /** Entries dropped because the ring was full, since the last `clear()`. */
  dropped = 0;
  /** Increments on every change. */
  version = 0;
  readonly counts: Record<LogLevel, number> = { debug: 0, info: 0, log: 0, warn: 0, error: 0 };

  /** `capacity`: a whole number of at least 1 (the console clamps `maxEntries` to one). */
  constructor(public capacity: number) {}

  get size(): number {
    return this.items.length - this.start;
  }

  /** The `index`-th entry, oldest first, or `undefined` out of range. */
  get(index: number): T | undefined {
    return index >= 0 && index < this.size ? this.items[this.start + index] : undefined;
  }

  /** Append entries, dropping the oldest beyond the capacity. */
  push(entries: readonly T[]): void {
    // Only the newest `capacity` of a huge batch can survive; skip the rest at once.
    const from = Math.max(0, entries.length - this.capacity);
    this.dropped += from;
    for (let i = from; i < entries.length; i++) {
      this.items.push(entries[i]!);
      this.counts[entries[i]!.level]++;
    }
    if (entries.length) this.trim();
  }

  /** Change the capacity, keeping the newest entries. */
  resize(capacity: number): void {
    if (capacity === this.capacity) return;
    this.capacity = capacity;
    this.trim();
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.dropped = 0;
    for (const level of LOG_LEVELS) this.counts[level] = 0;
    this.version++;
  }

  private trim(): void {
    for (; this.size > this.capacity; this.start++, this.dropped++) this.counts[this.items[this.start]!.level]--;
    // Cut the dropped head once it is as long as the ring: each entry is copied at most once.
    if (this.start >= this.capacity) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    this.version++;
  }
}
