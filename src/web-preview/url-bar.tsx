import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { formatLabel } from '../internal/labels';
import { useWebPreview, type WebPreviewNavigateResult } from './context';

export interface WebPreviewUrlProps extends Omit<React.ComponentPropsWithoutRef<'input'>, 'value' | 'defaultValue'> {
  /** Accessible name of the address field. @default labels.address ('Preview address') */
  'aria-label'?: string;
  /** Called after Enter with what became of the input (refused input changes nothing else). @default undefined */
  onNavigate?: (result: WebPreviewNavigateResult) => void;
  /** Props for the wrapper element that holds the field and its message. @default undefined */
  containerProps?: React.ComponentPropsWithoutRef<'div'> & { 'data-testid'?: string };
}

/**
 * The editable address bar. Enter commits, Escape reverts. `3000`, `:3000`,
 * `localhost:3000/path` and `/path` become the sandbox's preview URL; every
 * scheme but http(s) and every port outside 1–65535 is refused with
 * `aria-invalid` and a visible message while the frame keeps its page.
 * `ref` and unknown props go to the `<input>`.
 */
export const WebPreviewUrl = /* @__PURE__ */ React.forwardRef<HTMLInputElement, WebPreviewUrlProps>(function WebPreviewUrl(
  { className, onKeyDown, onChange, onFocus, onBlur, onNavigate, containerProps, 'aria-label': ariaLabel, ...rest },
  ref,
) {
  const ctx = useWebPreview('WebPreviewUrl');
  const label = ariaLabel ?? ctx.labels.address;
  const [draft, setDraft] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const messageId = React.useId();
  const editing = draft !== null;
  const shown = editing ? draft : ctx.displayUrl;

  // Show the live address again.
  const revert = () => {
    setDraft(null);
    setError(null);
  };
  const commit = () => {
    const result = ctx.navigate(draft ?? ctx.displayUrl);
    onNavigate?.(result);
    if (result.ok) revert();
    else setError(formatLabel(ctx.labels.addressRefused, { reason: result.input.kind === 'invalid' ? result.input.reason : 'no-page', message: result.message }));
  };

  const state = error ? 'invalid' : editing ? 'editing' : 'idle';
  return (
    <div data-se-part="web-preview-url" data-status={state} {...containerProps}>
      <input
        type="text"
        inputMode="url"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? messageId : undefined}
        placeholder={formatLabel(ctx.labels.addressPlaceholder, ctx.port)}
        data-se-part="web-preview-url-input"
        data-status={state}
        data-invalid={error ? '' : undefined}
        {...rest}
        ref={ref}
        className={className}
        value={shown}
        onChange={composeEventHandlers(onChange, (event) => {
          setDraft(event.currentTarget.value);
          setError(null);
        })}
        onFocus={composeEventHandlers(onFocus, (event) => {
          event.currentTarget.select();
        })}
        onBlur={composeEventHandlers(onBlur, () => {
          // Leaving an unchanged field shows the live address again; an edit or a refusal stays visible.
          if (draft === ctx.displayUrl && !error) revert();
        })}
        onKeyDown={composeEventHandlers(onKeyDown, (event) => {
          if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
            event.preventDefault();
            commit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            revert();
          }
        })}
      />
      {error ? (
        <span id={messageId} role="alert" data-se-part="web-preview-url-message">
          {error}
        </span>
      ) : null}
    </div>
  );
});
