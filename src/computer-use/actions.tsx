import * as React from 'react';
import { toSandboxError, type SandboxError } from '../transport/errors';
import { useComputerUseContext } from './context';

/** A key button: an X keysym name (as `press` takes it) and its label. */
export interface ComputerUseQuickKey {
  key: string;
  label: string;
}
/** A shortcut button: `ctrl+shift+t` style keys and a label. */
export interface ComputerUseHotkey {
  keys: string;
  label: string;
}

export const DEFAULT_QUICK_KEYS: readonly ComputerUseQuickKey[] = [
  { key: 'Return', label: 'Enter' },
  { key: 'Tab', label: 'Tab' },
  { key: 'Escape', label: 'Esc' },
  { key: 'BackSpace', label: 'Backspace' },
  { key: 'Delete', label: 'Delete' },
  { key: 'Up', label: '↑' },
  { key: 'Down', label: '↓' },
  { key: 'Left', label: '←' },
  { key: 'Right', label: '→' },
  { key: 'Home', label: 'Home' },
  { key: 'End', label: 'End' },
  { key: 'Page_Up', label: 'PgUp' },
  { key: 'Page_Down', label: 'PgDn' },
];

export const DEFAULT_HOTKEYS: readonly ComputerUseHotkey[] = [
  { keys: 'ctrl+c', label: 'Copy' },
  { keys: 'ctrl+v', label: 'Paste' },
  { keys: 'ctrl+x', label: 'Cut' },
  { keys: 'ctrl+a', label: 'Select all' },
  { keys: 'ctrl+z', label: 'Undo' },
  { keys: 'ctrl+s', label: 'Save' },
  { keys: 'alt+tab', label: 'Switch window' },
  { keys: 'alt+F4', label: 'Close window' },
  { keys: 'ctrl+alt+t', label: 'Terminal' },
];

export interface ComputerUseActionsProps extends React.HTMLAttributes<HTMLDivElement> {
  /** Delay between typed characters, ms (passed to the `type` action). @default undefined (the transport's) */
  delayMs?: number;
  /** Key buttons. @default DEFAULT_QUICK_KEYS (Enter, Tab, Esc, Backspace, Delete, arrows, Home/End, PgUp/PgDn) */
  quickKeys?: readonly ComputerUseQuickKey[];
  /** Shortcut buttons. @default DEFAULT_HOTKEYS (copy, paste, cut, select all, undo, save, alt+tab, alt+F4, ctrl+alt+t) */
  hotkeys?: readonly ComputerUseHotkey[];
  /** Placeholder of the text field. @default labels.textPlaceholder ('Text to type…') */
  placeholder?: string;
}

/**
 * Keyboard panel: a text field that types on Enter, quick keys and hotkeys.
 * Everything is disabled while the agent is in control or no keyboard path is up
 * (computer use inactive and no VNC display connected).
 */
export const ComputerUseActions = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ComputerUseActionsProps>(function ComputerUseActions(props, ref) {
  const { delayMs, quickKeys = DEFAULT_QUICK_KEYS, hotkeys = DEFAULT_HOTKEYS, placeholder: placeholderProp, className, children, ...rest } = props;
  const ctx = useComputerUseContext('ComputerUseActions');
  const { labels } = ctx;
  const placeholder = placeholderProp ?? labels.textPlaceholder;
  const [text, setText] = React.useState('');
  const [status, setStatus] = React.useState<{ state: 'idle' | 'sending' | 'error'; error?: SandboxError }>({ state: 'idle' });
  const disabled = ctx.control === 'agent' || !ctx.keyboardAvailable;

  const run = (promise: Promise<void>, onDone?: () => void) => {
    setStatus({ state: 'sending' });
    promise.then(
      () => {
        setStatus({ state: 'idle' });
        onDone?.();
      },
      (error: unknown) => setStatus({ state: 'error', error: toSandboxError(error) }),
    );
  };

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (disabled || !text) return;
    const sent = text;
    // The field keeps the text until the sandbox took it: a refused or failed send loses nothing.
    run(ctx.keyboard.type(sent, { delayMs }), () => setText((current) => (current === sent ? '' : current)));
  };

  return (
    <div
      role="group"
      aria-label={labels.keyboard}
      data-se-part="computer-use-actions"
      data-status={status.state}
      data-control={ctx.control}
      data-disabled={disabled ? '' : undefined}
      {...rest}
      ref={ref}
      className={className}
    >
      <form data-se-part="computer-use-type-form" onSubmit={submit}>
        <input
          type="text"
          aria-label={labels.textToType}
          data-se-part="computer-use-text"
          value={text}
          placeholder={placeholder}
          disabled={disabled}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" data-se-part="computer-use-type" disabled={disabled || !text}>
          {labels.type}
        </button>
      </form>
      <div role="group" aria-label={labels.quickKeys} data-se-part="computer-use-quick-keys">
        {quickKeys.map((k) => (
          <button key={k.key} type="button" data-se-part="computer-use-key" data-key={k.key} disabled={disabled} onClick={() => run(ctx.keyboard.press(k.key))}>
            {k.label}
          </button>
        ))}
      </div>
      <div role="group" aria-label={labels.hotkeys} data-se-part="computer-use-hotkeys">
        {hotkeys.map((h) => (
          <button
            key={h.keys}
            type="button"
            data-se-part="computer-use-hotkey"
            data-keys={h.keys}
            title={h.keys}
            disabled={disabled}
            onClick={() => run(ctx.keyboard.hotkey(h.keys))}
          >
            {h.label}
          </button>
        ))}
      </div>
      {status.error ? (
        <p role="alert" data-se-part="computer-use-actions-error" data-code={status.error.code}>
          {status.error.message}
        </p>
      ) : null}
      {children}
    </div>
  );
});
