import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { slotChildren, slotOr, type AsChildProps } from '../internal/slot';
import { useWebPreview } from './context';
import type { WebPreviewLabels } from './labels';

/* -------------------------------------------------------------------------------------------------
 * WebPreviewNavigation
 * -----------------------------------------------------------------------------------------------*/

export interface WebPreviewNavigationProps extends React.ComponentPropsWithoutRef<'div'> {
  /** Accessible name of the button group. @default labels.navigation ('Preview navigation') */
  'aria-label'?: string;
}

/** The back / forward / reload / open buttons; renders all four when given no children. */
export const WebPreviewNavigation = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebPreviewNavigationProps>(function WebPreviewNavigation(
  { className, children, 'aria-label': ariaLabel, ...rest },
  ref,
) {
  const ctx = useWebPreview('WebPreviewNavigation');
  const label = ariaLabel ?? ctx.labels.navigation;
  return (
    <div role="group" aria-label={label} data-se-part="web-preview-navigation" data-status={ctx.state} {...rest} ref={ref} className={className}>
      {children ?? (
        <>
          <WebPreviewBackButton />
          <WebPreviewForwardButton />
          <WebPreviewReloadButton />
          <WebPreviewOpenButton />
        </>
      )}
    </div>
  );
});

/* -------------------------------------------------------------------------------------------------
 * Buttons
 * -----------------------------------------------------------------------------------------------*/

export interface WebPreviewButtonProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {
  /** Accessible name (also the tooltip). @default labels.back | forward | reload | openInNewTab, per button */
  'aria-label'?: string;
}

interface ButtonSpec {
  name: string;
  part: string;
  label: keyof Pick<WebPreviewLabels, 'back' | 'forward' | 'reload' | 'openInNewTab'>;
  glyph: string;
  use: (ctx: ReturnType<typeof useWebPreview>) => { disabled: boolean; run: () => void };
}

function makeButton(spec: ButtonSpec) {
  const Button = React.forwardRef<HTMLButtonElement, WebPreviewButtonProps>(function NavigationButton(
    { asChild, className, children, onClick, disabled, 'aria-label': ariaLabel, ...rest },
    ref,
  ) {
    const ctx = useWebPreview(spec.name);
    const { disabled: off, run } = spec.use(ctx);
    const isDisabled = disabled ?? off;
    const label = ariaLabel ?? ctx.labels[spec.label];
    const Comp = slotOr(asChild, 'button');
    return (
      <Comp
        type="button"
        aria-label={label}
        title={label}
        data-se-part={spec.part}
        data-disabled={isDisabled ? '' : undefined}
        disabled={isDisabled}
        {...rest}
        ref={ref}
        className={className}
        onClick={composeEventHandlers(onClick, () => {
          // A slotted link or div is not disabled by the attribute: the part refuses instead.
          if (!isDisabled) run();
        })}
      >
        {slotChildren(asChild, children, <span aria-hidden="true">{spec.glyph}</span>)}
      </Comp>
    );
  });
  Button.displayName = spec.name;
  return Button;
}

/** Goes back in the preview's history; disabled at its start. */
export const WebPreviewBackButton = /* @__PURE__ */ makeButton({
  name: 'WebPreviewBackButton',
  part: 'web-preview-back-button',
  label: 'back',
  glyph: '←',
  use: (ctx) => ({ disabled: !ctx.canGoBack, run: ctx.back }),
});

/** Goes forward in the preview's history; disabled at its end. */
export const WebPreviewForwardButton = /* @__PURE__ */ makeButton({
  name: 'WebPreviewForwardButton',
  part: 'web-preview-forward-button',
  label: 'forward',
  glyph: '→',
  use: (ctx) => ({ disabled: !ctx.canGoForward, run: ctx.forward }),
});

/** Loads the page again; after an error it retries (resolving the link anew). */
export const WebPreviewReloadButton = /* @__PURE__ */ makeButton({
  name: 'WebPreviewReloadButton',
  part: 'web-preview-reload-button',
  label: 'reload',
  glyph: '↻',
  use: (ctx) => ({ disabled: ctx.state === 'idle' || ctx.state === 'resolving', run: ctx.reload }),
});

/**
 * Opens the page in a new tab with `noopener,noreferrer`. Disabled for a
 * `data:` page: browsers refuse to open those as top-level documents, and
 * re-hosting one under the host's origin would hand it the host's powers.
 */
export const WebPreviewOpenButton = /* @__PURE__ */ makeButton({
  name: 'WebPreviewOpenButton',
  part: 'web-preview-open-button',
  label: 'openInNewTab',
  glyph: '↗',
  use: (ctx) => {
    const url = ctx.url;
    const openable = url !== null && /^https?:/i.test(url);
    return {
      disabled: !openable,
      run: () => {
        // A click handler: only ever runs in a browser.
        if (openable) window.open(url, '_blank', 'noopener,noreferrer');
      },
    };
  },
});
