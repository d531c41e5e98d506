import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { formatLabel, slotChildren, slotOr, useMergedLabels, type AsChildProps } from '../internal';
import type { WebTerminalState } from './pty-session';
import type { WebTerminalLabels, WebTerminalStatusLabel } from './labels';
import { useWebTerminalContext, type WebTerminalHandle } from './context';

/* -------------------------------------------------------------------------------------------------
 * WebTerminalViewport
 * -----------------------------------------------------------------------------------------------*/

export interface WebTerminalViewportProps extends Omit<React.ComponentPropsWithoutRef<'div'>, 'children'> {}

/**
 * The element xterm.js renders into; it fills it (the fit follows its size).
 * Until xterm has loaded (and on the server) it is an empty placeholder of the
 * same size, carrying the same `data-status`.
 */
export const WebTerminalViewport = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebTerminalViewportProps>(
  function WebTerminalViewport({ className, ...rest }, forwardedRef) {
    const { status, setViewport, ready } = useWebTerminalContext('WebTerminalViewport');
    const ref = useComposedRefs(forwardedRef, setViewport);
    return (
      <div
        data-se-part="web-terminal-viewport"
        data-status={status.state}
        data-ready={ready ? '' : undefined}
        {...rest}
        ref={ref}
        className={className}
      />
    );
  },
);

/* -------------------------------------------------------------------------------------------------
 * WebTerminalStatus
 * -----------------------------------------------------------------------------------------------*/

export interface WebTerminalStatusProps extends React.ComponentPropsWithoutRef<'div'> {
  /** Strings of this status part, over the `WebTerminal`'s `labels`. @default the WebTerminal's labels */
  labels?: Partial<WebTerminalLabels>;
  /**
   * Text for a state, replacing the default message.
   * @deprecated Use `labels` (here or on `WebTerminal`); the same keys work there.
   * @default undefined
   */
  messages?: Partial<Record<WebTerminalState, WebTerminalStatusLabel>>;
}

/**
 * A polite live region describing the connection ("Reconnecting (attempt 2
 * of 10)…", "Process exited with code 0."), with Retry or Restart when they
 * apply. Empty while connected.
 */
export const WebTerminalStatus = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebTerminalStatusProps>(function WebTerminalStatus(
  { className, labels: labelsProp, messages, children, ...rest },
  forwardedRef,
) {
  const { status, labels: rootLabels, sandbox, sandboxDown } = useWebTerminalContext('WebTerminalStatus');
  const labels = useMergedLabels(rootLabels, { ...messages, ...labelsProp });
  // A sandbox that is not running: its state instead of the connection error, and the action that helps.
  const message = sandboxDown
    ? (sandbox.error?.message ?? formatLabel(labels.sandboxUnavailable, sandbox.info!))
    : formatLabel(labels[status.state], status);
  const dropped = status.droppedInputBytes ? ` ${formatLabel(labels.inputDropped, status.droppedInputBytes)}` : '';
  return (
    <div
      role="status"
      aria-live="polite"
      data-se-part="web-terminal-status"
      data-status={status.state}
      data-exit-code={status.state === 'exited' ? status.exitCode : undefined}
      data-error-code={status.error && status.state !== 'connected' ? status.error.code : undefined}
      data-input-dropped={status.droppedInputBytes ? '' : undefined}
      data-sandbox-state={sandboxDown ? sandbox.info!.state : undefined}
      {...rest}
      ref={forwardedRef}
      className={className}
    >
      {message || dropped ? (
        <span data-se-part="web-terminal-message">
          {message}
          {dropped}
        </span>
      ) : null}
      {children ??
        (sandboxDown ? (
          sandbox.action ? (
            <button type="button" data-se-part="web-terminal-sandbox-action" data-action={sandbox.action} onClick={sandbox.run}>
              {sandbox.action === 'start' ? labels.startSandbox : sandbox.action === 'restore' ? labels.restoreSandbox : labels.checkAgain}
            </button>
          ) : null
        ) : (
          <>
            <WebTerminalRetry>{labels.retry}</WebTerminalRetry>
            <WebTerminalRestart>{labels.restart}</WebTerminalRestart>
          </>
        ))}
    </div>
  );
});

/* -------------------------------------------------------------------------------------------------
 * WebTerminalRetry / WebTerminalRestart
 * -----------------------------------------------------------------------------------------------*/

export interface WebTerminalActionProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {}

/** One button part: rendered only in `shownIn`, labelled `labels[name]`, doing `act` after the user's `onClick`. */
function createActionPart(displayName: string, shownIn: WebTerminalState, name: 'retry' | 'restart', act: (handle: WebTerminalHandle) => void) {
  const Part = React.forwardRef<HTMLButtonElement, WebTerminalActionProps>(({ asChild, className, onClick, children, ...rest }, forwardedRef) => {
    const { status, handle, labels } = useWebTerminalContext(displayName);
    if (status.state !== shownIn) return null;
    const Comp = slotOr(asChild, 'button');
    return (
      <Comp
        type="button"
        data-se-part={`web-terminal-${name}`}
        {...rest}
        ref={forwardedRef}
        className={className}
        onClick={composeEventHandlers(onClick, () => act(handle))}
      >
        {slotChildren(asChild, children, labels[name])}
      </Comp>
    );
  });
  Part.displayName = displayName;
  return Part;
}

/** "Retry": shown in `error`; connects again (re-attaching to the session when it still exists). */
export const WebTerminalRetry = /* @__PURE__ */ createActionPart('WebTerminalRetry', 'error', 'retry', (handle) => handle.retry());

/** "Restart": shown in `exited`; starts a new shell in the same terminal. */
export const WebTerminalRestart = /* @__PURE__ */ createActionPart('WebTerminalRestart', 'exited', 'restart', (handle) => {
  handle.restart();
  handle.focus();
});
