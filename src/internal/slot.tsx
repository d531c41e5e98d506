import * as React from 'react';
import { useComposedRefs } from '@radix-ui/react-compose-refs';

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

/** The element a part renders: its own `tag`, or `Slot` when `asChild`. */
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

/**
 * The element an `asChild` part renders: its only child, cloned with the
 * part's props merged in (after Radix's `Slot`, `@radix-ui/react-slot`,
 * written for what our parts need: no `Slottable`, no lazy children). The
 * child's props win, except that `className`s are joined, `style`s merged
 * (the child's keys win) and event handlers both run, the child's first; the
 * part's handlers are `composeEventHandlers`, so the child's
 * `preventDefault()` skips the part's behaviour. Refs are composed.
 */
export const Slot = /* @__PURE__ */ React.forwardRef<HTMLElement, React.HTMLAttributes<HTMLElement>>(function Slot({ children, ...props }, forwardedRef) {
  const child = React.isValidElement<Record<string, any>>(children) ? children : undefined;
  // React 19 passes `ref` as a prop; 18.3 keeps it on the element (each warns when the other is read).
  const ref = useComposedRefs(forwardedRef, child && (React.version.startsWith('18') ? (child as { ref?: React.Ref<HTMLElement> }).ref : child.props.ref));
  if (!child) {
    // Misuse must not take the host app down: say so, and show what was given (without the part's behaviour).
    if (children || children === 0) console.error('A part rendered with `asChild` needs exactly one React element as its child.');
    return children;
  }
  // cloneElement keeps the child's props; only the ones both give need merging.
  const merged: Record<string, any> = props;
  for (const name in props) {
    const ours = merged[name];
    const theirs = child.props[name];
    if (theirs === undefined) continue;
    merged[name] =
      name === 'style'
        ? { ...ours, ...theirs }
        : name === 'className'
          ? [ours, theirs].filter(Boolean).join(' ')
          : /^on[A-Z]/.test(name)
            ? (...args: unknown[]) => {
                theirs(...args);
                ours?.(...args);
              }
            : theirs;
  }
  merged.ref = ref;
  return React.cloneElement(child, merged);
});
