import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { slotChildren, slotOr, type AsChildProps } from '../internal/slot';
import { COMPUTER_USE_MODES, useComputerUseContext, type ComputerUseMode } from './context';

export interface ComputerUseToolbarProps extends React.HTMLAttributes<HTMLDivElement> {
  /** The modes offered, in order. @default ['view', 'click', 'move', 'drag', 'scroll', 'type'] */
  modes?: readonly ComputerUseMode[];
  /** Labels per mode, over the provider's `labels.modeName`. @default labels.modeName (View, Click, Move, Drag, Scroll, Type) */
  modeLabels?: Partial<Record<ComputerUseMode, string>>;
  /** Show the hand-off button (Take control / Hand to agent). @default true */
  showControl?: boolean;
  /** Show the Refresh button. @default true */
  showRefresh?: boolean;
}

/**
 * Mode radio group (arrow keys move and select, one tab stop), the control
 * hand-off between user and agent, and Refresh.
 */
export const ComputerUseToolbar = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ComputerUseToolbarProps>(function ComputerUseToolbar(props, ref) {
  const { modes = COMPUTER_USE_MODES, modeLabels, showControl = true, showRefresh = true, className, children, ...rest } = props;
  const ctx = useComputerUseContext('ComputerUseToolbar');
  const current = modes.includes(ctx.mode) ? ctx.mode : undefined;

  const select = (mode: ComputerUseMode, event: React.SyntheticEvent, reason: 'toolbar' | 'keyboard') => {
    ctx.setMode(mode, { reason, event });
  };

  const onItemKeyDown = (event: React.KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    let next = -1;
    if (step) next = (index + step + modes.length) % modes.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = modes.length - 1;
    if (next < 0) return;
    event.preventDefault();
    select(modes[next]!, event, 'keyboard');
    // The radio group's children are the mode buttons, in order.
    (event.currentTarget.parentElement!.children[next] as HTMLElement).focus();
  };

  return (
    <div
      role="toolbar"
      aria-label={ctx.labels.toolbar}
      data-se-part="computer-use-toolbar"
      data-control={ctx.control}
      data-status={ctx.state}
      {...rest}
      ref={ref}
      className={className}
    >
      <div role="radiogroup" aria-label={ctx.labels.modes} data-se-part="computer-use-modes">
        {modes.map((mode, index) => {
          const checked = mode === ctx.mode;
          return (
            <button
              key={mode}
              type="button"
              role="radio"
              aria-checked={checked}
              tabIndex={checked || (!current && index === 0) ? 0 : -1}
              data-se-part="computer-use-mode"
              data-mode={mode}
              data-state={checked ? 'on' : 'off'}
              onClick={(event) => select(mode, event, 'toolbar')}
              onKeyDown={(event) => onItemKeyDown(event, index)}
            >
              {modeLabels?.[mode] ?? ctx.labels.modeName(mode)}
            </button>
          );
        })}
      </div>
      {showControl ? <ComputerUseControlButton /> : null}
      {showRefresh ? <ComputerUseRefreshButton /> : null}
      {children}
    </div>
  );
});


/* -------------------------------------------------------------------------------------------------
 * ComputerUseControlButton
 * -----------------------------------------------------------------------------------------------*/

export interface ComputerUseControlButtonProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {}

/**
 * Hands control to the agent, or takes it back (`onControlChange` reason
 * `hand-off` / `take-control`); disabled until computer use is active. The
 * toolbar renders one unless `showControl={false}`; `asChild` renders your own
 * button. Its text is `labels.handToAgent` / `labels.takeControl` unless given children.
 */
export const ComputerUseControlButton = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, ComputerUseControlButtonProps>(function ComputerUseControlButton(
  { asChild, className, onClick, children, disabled, ...rest },
  ref,
) {
  const ctx = useComputerUseContext('ComputerUseControlButton');
  const off = disabled ?? ctx.state !== 'active';
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp
      type="button"
      data-se-part="computer-use-control"
      data-control={ctx.control}
      disabled={off}
      data-disabled={off ? '' : undefined}
      {...rest}
      ref={ref}
      className={className}
      onClick={composeEventHandlers(onClick, (event: React.MouseEvent<HTMLButtonElement>) => {
        // A slotted link or div is not disabled by the attribute: the part refuses instead.
        if (off) return;
        if (ctx.control === 'agent') ctx.setControl('user', { reason: 'take-control', event });
        else ctx.setControl('agent', { reason: 'hand-off', event });
      })}
    >
      {slotChildren(asChild, children, ctx.control === 'agent' ? ctx.labels.takeControl : ctx.labels.handToAgent)}
    </Comp>
  );
});

/* -------------------------------------------------------------------------------------------------
 * ComputerUseRefreshButton
 * -----------------------------------------------------------------------------------------------*/

export interface ComputerUseRefreshButtonProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {}

/**
 * Asks every display for a new frame now; disabled until computer use is
 * active. The toolbar renders one unless `showRefresh={false}`; `asChild`
 * renders your own button. Its text is `labels.refresh` unless given children.
 */
export const ComputerUseRefreshButton = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, ComputerUseRefreshButtonProps>(function ComputerUseRefreshButton(
  { asChild, className, onClick, children, disabled, ...rest },
  ref,
) {
  const ctx = useComputerUseContext('ComputerUseRefreshButton');
  const off = disabled ?? ctx.state !== 'active';
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp
      type="button"
      data-se-part="computer-use-refresh"
      disabled={off}
      data-disabled={off ? '' : undefined}
      {...rest}
      ref={ref}
      className={className}
      onClick={composeEventHandlers(onClick, () => {
        if (!off) ctx.refresh();
      })}
    >
      {slotChildren(asChild, children, ctx.labels.refresh)}
    </Comp>
  );
});
