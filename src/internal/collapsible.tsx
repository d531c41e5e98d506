import * as React from 'react';
import { flushSync } from 'react-dom';
import { composeEventHandlers } from './compose-event-handlers';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { useIsomorphicLayoutEffect } from './use-latest';

/*
 * The disclosure behind `ToolPanel` and `WebPreviewConsole`, after Radix
 * Collapsible (`@radix-ui/react-collapsible` 1.2, whose Content keeps itself
 * mounted through `@radix-ui/react-presence` 1.1), written for what those two
 * need. Each root owns its state (`useControllableState`, with its own change
 * details) and its context, so there is no Root part here: the root writes
 * `openState(open)` to `data-state`, the trigger takes
 * `collapsibleTriggerProps` (onto a `button` or an `asChild` Slot) and the
 * content is `CollapsibleContent`.
 * Kept from Radix: `data-state="open|closed"` on root, trigger and content; the
 * trigger's `type="button"`, `aria-expanded` and `aria-controls` (while open)
 * naming the content's id; the user's `onClick` first (`preventDefault()` keeps
 * the state); `forceMount` on the content (mounted and `hidden` while closed,
 * its children unmounted); and Presence's rule for exit animations: a closed
 * content whose `animation-name` changed stays mounted until that animation
 * ends. Left out (no caller uses them): uncontrolled state, `disabled` on the
 * root, scopes, the first-render animation suppression and the measured
 * `--radix-collapsible-content-height` / `-width` variables.
 */

/** `data-state` of a collapsible's root, trigger and content. */
export const openState = (open: boolean): 'open' | 'closed' => (open ? 'open' : 'closed');

// ─── Trigger ─────────────────────────────────────────────────────────────────

/**
 * The trigger's attributes and click handler, laid under `props` (a prop getter: the caller renders
 * the element, a `button` or its `asChild` slot). The user's `onClick` runs first; `preventDefault()`
 * keeps the state.
 */
export function collapsibleTriggerProps<P extends object>(
  open: boolean,
  onOpenChange: (open: boolean) => void,
  contentId: string,
  props: P & { onClick?: React.MouseEventHandler<HTMLElement> | undefined },
) {
  return {
    type: 'button' as const,
    'aria-controls': open ? contentId : undefined,
    'aria-expanded': open,
    'data-state': openState(open),
    ...props,
    onClick: composeEventHandlers(props.onClick, () => onOpenChange(!open)),
  };
}

// ─── Content ─────────────────────────────────────────────────────────────────

export interface CollapsibleContentProps extends React.HTMLAttributes<HTMLDivElement> {
  open: boolean;
  /** Keep the element mounted (and `hidden`) while closed. */
  forceMount?: true;
}

export const CollapsibleContent = /* @__PURE__ */ React.forwardRef<HTMLDivElement, CollapsibleContentProps>(function CollapsibleContent(
  { open, forceMount, children, ...rest },
  forwardedRef,
) {
  const node = React.useRef<HTMLDivElement>(null);
  const present = usePresence(open, node);
  const ref = useComposedRefs(forwardedRef, node);
  if (!present && !forceMount) return null;
  // createElement rather than JSX: the only element this module renders, and JSX would cost the
  // module its own `react/jsx-runtime` import in every bundle (11 B gzip in ToolPanel's).
  return React.createElement('div', { 'data-state': openState(open), hidden: !present, ...rest, ref }, present && children);
});

/**
 * Whether `node` should be in the document: true while `present`, and after
 * it turns false for as long as the exit animation the closed state started
 * runs. After Radix Presence: an animation counts as an exit animation when
 * `animation-name` differs from the one the element had while present (an
 * endless animation both states share does not keep it). It leaves on that
 * animation's `animationend` or `animationcancel`, flushed at once (the event
 * comes just before a paint, which would otherwise show the element as it is
 * without the animation for a frame). Unlike Radix, a closed element that is
 * `display: none` is not looked at specially: it stays, invisible, until its
 * animation could run (or the next open).
 */
function usePresence(present: boolean, node: React.RefObject<HTMLElement | null>): boolean {
  const [mounted, setMounted] = React.useState(present);
  const presentAnimation = React.useRef<string>(undefined);
  useIsomorphicLayoutEffect(() => {
    const el = node.current;
    const animation = el ? getComputedStyle(el).animationName : 'none';
    if (present) {
      presentAnimation.current = animation;
      setMounted(true);
    } else if (animation === 'none' || animation === presentAnimation.current) {
      setMounted(false);
    } else {
      const end = (event: AnimationEvent) => {
        if (event.target === el && animation.includes(CSS.escape(event.animationName))) flushSync(() => setMounted(false));
      };
      el!.addEventListener('animationend', end);
      el!.addEventListener('animationcancel', end);
      return () => {
        el!.removeEventListener('animationend', end);
        el!.removeEventListener('animationcancel', end);
      };
    }
  }, [present]);
  return present || mounted;
}
