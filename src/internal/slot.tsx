import * as React from 'react';
import { Slot } from '@radix-ui/react-slot';

/**
 * `asChild`, as Radix parts take it (#13): the part renders its only child
 * element instead of its own, merging onto it the part's attributes
 * (`data-*`, `aria-*`, `disabled`, `type`), its event handlers (the child's
 * run first; `preventDefault()` skips the part's), its `className` and its
 * ref. Use it to render a part as your design system's button or a link:
 *
 *   <WebPreviewReloadButton asChild><MyButton>Reload</MyButton></WebPreviewReloadButton>
 *
 * Parts spread `AsChildProps` into their props type and choose their element
 * with `slotOr(asChild, 'button')`; in `asChild` mode they render the user's
 * child as is, never their default content (a glyph would replace it).
 */
export interface AsChildProps {
  /**
   * Render the part's behaviour and attributes onto its single child element
   * instead of its default element (after Radix's `asChild`).
   * @default false
   */
  asChild?: boolean;
}

/** The element a part renders: its own `tag`, or Radix's `Slot` when `asChild`. */
export function slotOr<T extends keyof React.JSX.IntrinsicElements>(asChild: boolean | undefined, tag: T): T | typeof Slot {
  return asChild ? Slot : tag;
}

/**
 * The content of a part that has a default (a glyph, a label): the user's
 * children in `asChild` mode (they are the element), else children or the
 * default.
 */
export function slotChildren(asChild: boolean | undefined, children: React.ReactNode, fallback: React.ReactNode): React.ReactNode {
  return asChild ? children : (children ?? fallback);
}

export { Slot };
