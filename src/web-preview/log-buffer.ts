import type { LogEntry, LogLevel } from '../transport/types';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'log', 'warn', 'error'];

/**
 * A fixed-capacity ring of log entries: O(1) append, oldest dropped first,
 * per-level counts kept as entries come and go. `version` changes on every
 * mutation so a view can memoise on it.
 */
export class LogRingBuffer<T extends Pick<LogEntry, 'level'> = LogEntry> {
  private items: Array<T | undefined>;
  private start = 0;
  private length = 0;
  private _capacity: number;
  /** Entries dropped because the ring was full, since the last `clear()`. */
  dropped = 0;
  /** Increments on every change. */
  version = 0;
  /** Entries ever pushed (never reset): `pushed - size + i` is a stable id for `get(i)`. */
  pushed = 0;
  readonly counts: Record<LogLevel, number> = { debug: 0, info: 0, log: 0, warn: 0, error: 0 };

  constructor(capacity: number) {
    this._capacity = checkCapacity(capacity);
    this.items = new Array<T | undefined>(this._capacity);
  }

  get size(): number {
    return this.length;
  }

  get capacity(): number {
    return this._capacity;
  }

  /** The `index`-th entry, oldest first, or `undefined` out of range. */
  get(index: number): T | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.items[(this.start + index) % this._capacity];
  }

  /** Append entries; returns how many old ones were dropped. */
  push(entries: readonly T[]): number {
    let dropped = 0;
    // Only the newest `capacity` of a huge batch can survive; skip the rest at once.
    const from = Math.max(0, entries.length - this._capacity);
    dropped += from;
    for (let i = from; i < entries.length; i++) {
      const entry = entries[i]!;
      this.count(entry, 1);
      if (this.length < this._capacity) {
        this.items[(this.start + this.length) % this._capacity] = entry;
        this.length++;
      } else {
        const old = this.items[this.start]!;
        this.count(old, -1);
        this.items[this.start] = entry;
        this.start = (this.start + 1) % this._capacity;
        dropped++;
      }
    }
    this.dropped += dropped;
    this.pushed += entries.length;
    if (entries.length) this.version++;
    return dropped;
  }

  /** Change the capacity, keeping the newest entries. */
  resize(capacity: number): void {
    const next = checkCapacity(capacity);
    if (next === this._capacity) return;
    const all = this.toArray();
    const keep = all.slice(Math.max(0, all.length - next));
    for (const e of all.slice(0, all.length - keep.length)) this.count(e, -1);
    this.dropped += all.length - keep.length;
    this._capacity = next;
    this.items = new Array<T | undefined>(next);
    keep.forEach((e, i) => (this.items[i] = e));
    this.start = 0;
    this.length = keep.length;
    this.version++;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this._capacity);
    this.start = 0;
    this.length = 0;
    this.dropped = 0;
    for (const level of LOG_LEVELS) this.counts[level] = 0;
    this.version++;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.get(i)!);
    return out;
  }

  /** An entry of an unknown level counts as `log`. */
  private count(entry: T, delta: 1 | -1): void {
    this.counts[LOG_LEVELS.includes(entry.level) ? entry.level : 'log'] += delta;
  }
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`maxEntries must be a whole number of at least 1, got ${String(capacity)}`);
  return capacity;
}
