import * as React from 'react';

/**
 * One pattern for every user-visible string (#13): each family exports a typed
 * `XxxLabels` interface and its English defaults (`defaultXxxLabels`); the
 * root takes `labels?: Partial<XxxLabels>` and puts the merged set in its
 * context, where every part reads it. A string that depends on state is a
 * function of that state (`reconnecting: ({ attempt }) => …`), so translations
 * can reorder words instead of concatenating fragments.
 *
 * A per-part prop (`aria-label`, `children`, `placeholder`) still wins over
 * the labels, as it would on a plain element.
 */

/** A replaceable string: plain text, or text computed from the part's state. */
export type Label<Args extends unknown[] = []> = Args extends [] ? string : string | ((...args: Args) => string);

/** `desktop` → `Desktop`: English names that are their ids, capitalised (devices, levels, modes). */
export function capitalize(id: string): string {
  return id[0]!.toUpperCase() + id.slice(1);
}

/** Read a `Label` for the given arguments. */
export function formatLabel<Args extends unknown[]>(label: string | ((...args: Args) => string), ...args: Args): string {
  return typeof label === 'function' ? label(...args) : label;
}

/**
 * The defaults with every defined key of `partial` laid over them. `undefined`
 * values are skipped, so `{ retry: undefined }` keeps the default; a group of
 * labels (an object, like the tool family's `status`) is merged the same way,
 * key by key; the result is `defaults` itself when there is nothing to merge.
 * Keys the defaults leave out are kept: opt-in parts keep their English
 * defaults beside them, not in the family's set (`ToolPanelArgsEditor`).
 */
export function mergeLabels<L extends object>(defaults: L, partial: object | null | undefined): L {
  let merged: Record<string, any> | undefined;
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    merged ??= { ...defaults };
    merged[key] = typeof value === 'object' ? mergeLabels(merged[key] ?? {}, value) : value;
  }
  return (merged ?? defaults) as L;
}

/**
 * `mergeLabels` for a root's `labels` prop, stable while the prop's values
 * are: an inline `labels={{ … }}` object does not change the context on every
 * render.
 */
export function useMergedLabels<L extends object>(defaults: L, partial: Partial<L> | null | undefined): L {
  // Always one dependency per default key, so the list keeps its length.
  const values = (Object.keys(defaults) as Array<keyof L>).map((key) => partial?.[key]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the values are the dependencies
  return React.useMemo(() => mergeLabels(defaults, partial), [defaults, ...values]);
}
