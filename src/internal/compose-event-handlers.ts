/**
 * Run the user's handler first; skip ours when it called `preventDefault()`
 * (the Radix convention).
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
