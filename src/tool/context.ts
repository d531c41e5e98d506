import type * as React from 'react';
import { createContext, type StrictContext } from '../internal/strict-context';
import type { ToolLabels } from './labels';
import type { ToolInvocation } from './normalize';
import type { ToolPanelProps } from './panel';

// ToolPanel's context, in a module of its own so that the value viewer
// (which the panel imports) can read the panel's labels without an import cycle.

export type PanelHandlers = Pick<ToolPanelProps, 'onApprove' | 'onDeny' | 'renderArgs' | 'renderResult' | 'allowAlways'>;

export interface ToolPanelContextValue {
  invocation: ToolInvocation;
  open: boolean;
  /** Sets `open` from the trigger (a user's choice: automatic opening stops). */
  onOpenChange: (open: boolean) => void;
  /** The content's id, for the trigger's `aria-controls`. */
  contentId: string;
  labels: ToolLabels;
  /** Approved (or being approved) by the enclosing list's `autoApprove` policy. */
  byPolicy: boolean;
  handlers: React.MutableRefObject<PanelHandlers>;
}

// Internal: parts read it; the public face is `useToolInvocation` (no handlers).
export const [ToolPanelProvider, useToolPanelContext]: StrictContext<ToolPanelContextValue> = /* @__PURE__ */ createContext<ToolPanelContextValue>('ToolPanel');
