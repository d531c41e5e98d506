import type { Disposable } from '../transport/types';

/**
 * Collects disposables and releases them in reverse order, once.
 * After the idea of xterm.js's `DisposableStore`.
 */
export class DisposableStore implements Disposable {
  private items: Array<Disposable | (() => void)> = [];
  private disposed = false;

  /** Keep `item`; if the store is already disposed, release it at once. */
  add<T extends Disposable | (() => void)>(item: T): T {
    if (this.disposed) release(item);
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = this.items;
    this.items = [];
    for (let i = items.length - 1; i >= 0; i--) release(items[i]!);
  }
}

function release(item: Disposable | (() => void)): void {
  try {
    if (typeof item === 'function') item();
    else item.dispose();
  } catch {
    // One failing release must not keep the others alive.
  }
}

/** A disposable that runs `fn` at most once. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** A tiny typed event emitter whose subscriptions are disposables. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  get size(): number {
    return this.listeners.size;
  }

  event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A listener's bug must not stop the others, nor crash the host.
        reportListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(error);
}
