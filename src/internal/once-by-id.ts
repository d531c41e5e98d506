import type { LogEntry } from '../transport/types';

/** Ids a `onceById` filter remembers; older ones are forgotten first. */
export const REMEMBERED_LOG_IDS = 10_000;

/**
 * A filter for a log stream that may replay entries: each entry with an `id`
 * passes once (entries without one always pass), and only the newest
 * `REMEMBERED_LOG_IDS` ids are remembered. The HTTP log reader uses one per
 * subscription (a reconnect to another hub replays), `WebPreviewConsole` one
 * per stream (a re-subscription replays).
 */
export function onceById(): (entries: LogEntry[]) => LogEntry[] {
  const seen = new Set<string>();
  return (entries) =>
    entries.filter((e) => {
      if (e.id === undefined) return true;
      if (seen.has(e.id)) return false;
      seen.add(e.id);
      // A Set iterates oldest first.
      if (seen.size > REMEMBERED_LOG_IDS) seen.delete(seen.values().next().value!);
      return true;
    });
}
