/**
 * A part's handler composed with the user's, as Radix's `composeEventHandlers`
 * (`@radix-ui/primitive`) does it: the user's runs first, and calling
 * `preventDefault()` in it skips the part's. Our own copy since nothing else
 * needs that package: it carries DOM helpers every bundle kept (0.3 kB gzip).
 */
export function composeEventHandlers<E extends { defaultPrevented: boolean }>(
  user: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    user?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}
